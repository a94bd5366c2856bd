// npm run bench:usage — POST /usage on the console's own port, in batches of 500, next to a bare
// multi-row INSERT of the same rows with postgres.js (same run); then GET /usage latency over
// BENCH_EVENTS (default 10,000,000) generated events: 30 days by day, grouped by project and model.
import { execSync } from "node:child_process";
import { sql as dsql } from "drizzle-orm";
import postgres from "postgres";
import { closeDb, installDb, openDriver } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { rowsOf, textArray } from "@/db/sql";
import { DEFAULT_MODELS } from "@/lib/models/catalog";
import { bootstrapOrganization } from "@/lib/orgs/bootstrap";
import { createProject } from "@/lib/projects/service";
import { principalForAdminKey } from "@/lib/server/principal";
import { costMicros } from "@/lib/usage/cost";
import { createBenchDatabase, fmt, printTable, startProcess, stopProcess } from "./lib";
import { generateUsage } from "./usage-data";

const INGEST_EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 200_000);
const BATCH = 500;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const QUERIES = 50;
const PORT = process.env.BENCH_PORT ?? "3404";
const TOKEN = "pt_bench_token";
const MODELS = DEFAULT_MODELS.slice(0, 8);

type Row = { organization_id: string; event_id: string; occurred_at: Date; project_id: string; environment: string; key_id: string; model: string; input_tokens: number; output_tokens: number; cost_micros: number };
type Key = { id: string; projectId: string };

/**
 * The batches as the platform sends them, and the same events as rows (for the baseline).
 * Typical: each key calls two models. Worst case: every event of a batch is another key and
 * model, so each one is a rollup row of its own.
 */
function makeBatches(organizationId: string, keys: Key[], count: number, label: string, worst = false) {
  const now = Date.now();
  const batches: { body: string; rows: Row[] }[] = [];
  for (let b = 0; b < count / BATCH; b++) {
    const events = Array.from({ length: BATCH }, (_, i) => {
      const k = (b * BATCH + i) % keys.length;
      const key = keys[k]!;
      const model = MODELS[worst ? (b + i) % MODELS.length : (k + ((b + i) % 2) * 3) % MODELS.length]!;
      return { id: `${label}-${b}-${i}`, key, model, inputTokens: 100 + ((i * 7919) % 4000), outputTokens: 20 + ((i * 104729) % 900), at: new Date(now - ((b * 37 + i) % 3_600_000)) };
    });
    batches.push({
      body: JSON.stringify({ events: events.map((e) => ({ id: e.id, keyId: e.key.id, model: e.model.id, inputTokens: e.inputTokens, outputTokens: e.outputTokens, timestamp: e.at.toISOString() })) }),
      rows: events.map((e) => ({
        organization_id: organizationId, event_id: e.id, occurred_at: e.at, project_id: e.key.projectId, environment: "production", key_id: e.key.id,
        model: e.model.id, input_tokens: e.inputTokens, output_tokens: e.outputTokens, cost_micros: costMicros(e.inputTokens, e.outputTokens, e.model),
      })),
    });
  }
  return batches;
}

/** Runs `send` over every item with CONCURRENCY workers; answers the elapsed seconds. */
async function drive<T>(items: T[], send: (item: T) => Promise<void>) {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await send(items[next++]!);
  }));
  return (performance.now() - started) / 1000;
}

async function post(url: string, body: string) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` }, body });
  if (res.status !== 200) throw new Error(`POST /usage answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main() {
  const database = await createBenchDatabase("usage");
  const sql = postgres(database.url, { max: CONCURRENCY, onnotice: () => {} });
  let server: Awaited<ReturnType<typeof startProcess>> | undefined;
  try {
    const db = await installDb(await openDriver({ databaseUrl: database.url }));
    await runMigrations();
    const boot = await bootstrapOrganization(db, { orgName: "Bench ingest", ownerEmail: "bench@bench.test" });
    const ctx = { principal: (await principalForAdminKey(db, boot.adminKey))!, requestId: "bench", ip: null, userAgent: null };
    const projects = [];
    for (let p = 0; p < 10; p++) projects.push(await db.transaction((tx) => createProject(tx, ctx, { name: `Bench ${p}` })));
    const envs = rowsOf<{ id: string; project_id: string }>(await db.execute(dsql`select id, project_id from environments where name = 'production' and project_id = any(${textArray(projects.map((p) => p.id))}::text[])`));
    const keys: Key[] = Array.from({ length: 1000 }, (_, i) => ({ id: `key_bench${String(i).padStart(5, "0")}`, projectId: envs[i % envs.length]!.project_id }));
    await db.execute(dsql`
      insert into api_keys (id, organization_id, project_id, environment_id, name, start, last4)
      select k.id, ${boot.organization.id}, e.project_id, e.id, 'bench', 'anyint_sk_', '0000'
      from unnest(${textArray(keys.map((k) => k.id))}::text[], ${textArray(keys.map((k) => k.projectId))}::text[]) as k(id, project_id)
      join environments e on e.project_id = k.project_id and e.name = 'production'`);

    const base = `http://127.0.0.1:${PORT}`;
    server = await startProcess("node", ["--import", "tsx", "server.ts"], {
      DATABASE_URL: database.url, DEV_MAILBOX: "on", PORT, HOSTNAME: "127.0.0.1", PLATFORM_TOKENS: TOKEN, AUTH_SECRET: "bench-secret-bench-secret",
      ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"), SEED_DEMO: "off", BACKGROUND_JOBS: "off", NODE_ENV: "production",
    }, `${base}/sign-in`);

    // Ingest: warm up, then the console and the bare INSERT take the same rows (100 keys of 10
    // projects, two models each); then the worst case (1,000 keys, every event its own rollup row).
    const typical = keys.slice(0, 100);
    for (const b of makeBatches(boot.organization.id, typical, 10 * BATCH, "warm")) await post(`${base}/api/v1/usage`, b.body);
    const batches = makeBatches(boot.organization.id, typical, INGEST_EVENTS, "evt");
    await sql`create table bench_baseline (like usage_events including defaults, primary key (organization_id, event_id))`;
    const baselineSeconds = await drive(batches, async (b) => void (await sql`insert into bench_baseline ${sql(b.rows)}`));
    let accepted = 0;
    const count = async (b: { body: string }) => {
      const answer = await post(`${base}/api/v1/usage`, b.body);
      accepted += answer.accepted; // after the await: workers must not add to a stale total
    };
    const ingestSeconds = await drive(batches, count);
    const worstBatches = makeBatches(boot.organization.id, keys, INGEST_EVENTS / 2, "worst", true);
    const worstSeconds = await drive(worstBatches, count);
    const again = await Promise.all(batches.slice(0, 8).map((b) => post(`${base}/api/v1/usage`, b.body)));
    const [stored] = await sql`select (select count(*) from usage_event_ids where organization_id = ${boot.organization.id}) as ids,
      (select sum(requests) from usage_hourly where organization_id = ${boot.organization.id}) as hourly,
      (select sum(requests) from usage_daily_projects where organization_id = ${boot.organization.id}) as daily`;
    const expected = INGEST_EVENTS * 1.5 + 10 * BATCH;
    const once = accepted === INGEST_EVENTS * 1.5 && again.every((a) => a.accepted === 0 && a.duplicates === BATCH) && [stored!.ids, stored!.hourly, stored!.daily].every((n) => Number(n) === expected);

    // GET /usage over generated events.
    const big = await bootstrapOrganization(db, { orgName: "Bench query", ownerEmail: "bench@bench.test" });
    console.log(`Generating ${EVENTS.toLocaleString("en-US")} usage events over 30 days…`);
    const started = Date.now();
    const rollups = await generateUsage(sql, { organizationId: big.organization.id, events: EVENTS, days: 30, projects: 50, keysPerProject: 100 });
    console.log(`Generated in ${((Date.now() - started) / 1000).toFixed(0)} s; rollup rows: ${JSON.stringify(rollups)}`);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const url = `${base}/api/v1/usage?start=${day(-29)}&end=${day(1)}&bucket=day&groupBy=project,model`;
    const get = async () => {
      const t = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${big.adminKey}` } });
      const body = (await res.json()) as { data: { results: unknown[] }[] };
      if (res.status !== 200) throw new Error(`GET /usage answered ${res.status}: ${JSON.stringify(body)}`);
      return { ms: performance.now() - t, buckets: body.data.length, results: body.data.reduce((n, d) => n + d.results.length, 0) };
    };
    for (let i = 0; i < 5; i++) await get();
    const runs = [];
    for (let i = 0; i < QUERIES; i++) runs.push(await get());
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
    const rss = Number(execSync(`ps -o rss= -p ${server.pid}`).toString().trim()) / 1024;

    const consoleRate = INGEST_EVENTS / ingestSeconds;
    const baselineRate = INGEST_EVENTS / baselineSeconds;
    printTable(`POST /usage in batches of ${BATCH}, ${CONCURRENCY} concurrent clients (console: HTTP, validation, pricing, ids, events, 3 rollups, budgets)`, [
      { run: "console: 100 keys, 2 models each", "events/s": fmt(consoleRate), "batches/s": fmt(consoleRate / BATCH, 1), seconds: fmt(ingestSeconds, 1) },
      { run: "console, worst case: every event another key and model", "events/s": fmt((INGEST_EVENTS / 2) / worstSeconds), "batches/s": fmt(INGEST_EVENTS / 2 / BATCH / worstSeconds, 1), seconds: fmt(worstSeconds, 1) },
      { run: "baseline: bare multi-row INSERT, postgres.js", "events/s": fmt(baselineRate), "batches/s": fmt(baselineRate / BATCH, 1), seconds: fmt(baselineSeconds, 1) },
    ]);
    printTable(`GET /usage over ${EVENTS.toLocaleString("en-US")} events (30 days by day, grouped by project and model; ${runs[0]!.buckets} buckets, ${runs[0]!.results} results)`, [
      { p50: fmt(percentile(ms, 50), 1), p95: fmt(percentile(ms, 95), 1), p99: fmt(percentile(ms, 99), 1), max: fmt(ms.at(-1)!, 1), unit: "ms" },
    ]);
    printTable("Targets (spec/quality.md)", [
      { target: "ingest ≥ 20,000 events/s", measured: fmt(consoleRate), met: consoleRate >= 20_000 ? "yes" : "no" },
      { target: "ingest ≥ 0.5 × baseline", measured: `${fmt(consoleRate / baselineRate, 2)} ×`, met: consoleRate >= 0.5 * baselineRate ? "yes" : "no" },
      { target: "every event counted once (resent batches: 0 accepted; ids = rollups)", measured: `${Number(stored!.ids)} ids / ${expected} sent`, met: once ? "yes" : "no" },
      { target: "GET /usage ≤ 100 ms (p95)", measured: `${fmt(percentile(ms, 95), 1)} ms`, met: percentile(ms, 95) <= 100 ? "yes" : "no" },
      { target: "server RSS < 400 MB", measured: `${fmt(rss)} MB`, met: rss < 400 ? "yes" : "no" },
    ]);
  } finally {
    if (server) await stopProcess(server);
    await sql.end({ timeout: 5 });
    await closeDb();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
