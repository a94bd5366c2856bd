// npm run bench:limits — the gateway simulation of spec/limits.md, "Targets": workers verify
// with a reserve, make a 300 ms model call and report usage with the hold, against one
// `enforce` project budget, with 50 and 500 workers, on one node (counters in process) and on
// two nodes sharing PostgreSQL and Redis (requests round-robin across them). Then the
// throughput of verification with a reserve next to baselines A and B of spec/quality.md,
// measured in the same run.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { closeDb, installDb, openDriver } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { createKey } from "@/lib/keys/service";
import { createServiceAccount } from "@/lib/keys/service-accounts";
import { DEFAULT_MODELS } from "@/lib/models/catalog";
import { bootstrapOrganization } from "@/lib/orgs/bootstrap";
import { createProject } from "@/lib/projects/service";
import { principalForAdminKey } from "@/lib/server/principal";
import { costMicros } from "@/lib/usage/cost";
import { createBenchDatabase, fmt, load, printTable, startProcess, stopProcess, type LoadResult } from "./lib";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/5"; // a logical database of its own, flushed at start and end
const TOKEN = "pt_bench_token";
const CALL_MS = 300;
const THROUGHPUT_KEYS = 50;

// openai/gpt-4o costs $2.50 / $10 per million input / output tokens. A gateway reserves the
// prompt and the most output it allows ($0.05); the answer comes in under that maximum, so
// the usage event reports less ($0.045), as a real gateway's would.
const MODEL = "openai/gpt-4o";
const PRICE = DEFAULT_MODELS.find((m) => m.id === MODEL)!;
const RESERVE = { inputTokens: 10_000, outputTokens: 2_500 };
const REPORTED = { inputTokens: 10_000, outputTokens: 2_000 };
const RESERVE_MICROS = costMicros(RESERVE.inputTokens, RESERVE.outputTokens, PRICE); // 50,000
const CALL_MICROS = costMicros(REPORTED.inputTokens, REPORTED.outputTokens, PRICE); // 45,000

// $1.00 with 50 workers is the case of spec/limits.md: 20 holds fit and 50 workers ask at
// once. $10 with 500 workers: 200 holds fit, 300 workers are refused in the first wave, then
// the 200 survivors compete for the $0.005 each settled call gives back (about 22 more calls).
// Either way the calls that fit (~22, ~222) are far below workers × waves: the budget, not
// the run, ends the scenario.
const SCENARIOS = [
  { workers: 50, budgetMicros: 1_000_000 },
  { workers: 500, budgetMicros: 10_000_000 },
];

type Answer = { status: number; body: Record<string, unknown> };

/** One JSON request; a network failure or a timeout answers status 0 with the reason. */
async function call(method: string, url: string, bearer: string, body?: unknown): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) as Answer["body"] };
    } catch {
      return { status: res.status, body: { text } };
    }
  } catch (error) {
    return { status: 0, body: { error: String(error) } };
  }
}

/** An answer in a table cell: its status and code; the whole answer goes to the samples. */
const brief = (a: Answer) => `${a.status} ${String(a.body.code ?? (a.body.error as { code?: string } | undefined)?.code ?? "")}`.trim();
const dollars = (micros: number) => `$${(micros / 1_000_000).toFixed(3)}`;
const pass = (ok: boolean) => (ok ? "PASS" : "FAIL");

type Key = { id: string; secret: string };
type Cluster = { name: string; nodes: string[] };

async function main() {
  const database = await createBenchDatabase("limits");
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  const children: Awaited<ReturnType<typeof startProcess>>[] = [];
  try {
    // The world: one organization; a project with one key per scenario and cluster (a fresh
    // budget each), and one project with 50 keys for the throughput runs.
    const db = await installDb(await openDriver({ databaseUrl: database.url }));
    await runMigrations();
    const boot = await bootstrapOrganization(db, { orgName: "Bench limits", ownerEmail: "bench@bench.test" });
    const ctx = { principal: (await principalForAdminKey(db, boot.adminKey))!, requestId: "bench", ip: null, userAgent: null };
    const newProject = async (name: string, keys: number) => {
      const project = await db.transaction((tx) => createProject(tx, ctx, { name }));
      const sa = await db.transaction((tx) => createServiceAccount(tx, ctx, project.id, { name: "gateway" }));
      const list: Key[] = [];
      for (let i = 0; i < keys; i++) {
        const made = await db.transaction((tx) => createKey(tx, ctx, project.id, { name: `gateway ${i}`, environment: "production", serviceAccountId: sa.id }));
        list.push({ id: made.key.id, secret: made.secret });
      }
      return { projectId: project.id, keys: list };
    };
    const throughput = await newProject("Throughput", THROUGHPUT_KEYS);
    const keysFile = path.join(tmpdir(), `anyint-bench-limit-keys-${process.pid}.txt`);
    writeFileSync(keysFile, throughput.keys.map((k) => k.secret).join("\n"));

    await redis.flushdb();
    const serverEnv = {
      DATABASE_URL: database.url, DEV_MAILBOX: "on", HOSTNAME: "127.0.0.1", PLATFORM_TOKENS: TOKEN,
      AUTH_SECRET: "bench-secret-bench-secret", ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
      SEED_DEMO: "off", BACKGROUND_JOBS: "off", NODE_ENV: "production",
    };
    const startNode = async (port: number, extra: Record<string, string> = {}) => {
      children.push(await startProcess("node", ["--import", "tsx", "server.ts"], { ...serverEnv, PORT: String(port), ...extra }, `http://127.0.0.1:${port}/sign-in`));
      return `http://127.0.0.1:${port}`;
    };
    const single = await startNode(3421);
    const redisNodes = [await startNode(3422, { REDIS_URL }), await startNode(3423, { REDIS_URL })];
    children.push(await startProcess("node", ["bench/baselines/map-server.mjs"], { PORT: "3424", BENCH_KEYS_FILE: keysFile }, "http://127.0.0.1:3424/"));
    children.push(await startProcess("node", ["bench/baselines/pg-server.mjs"], { PORT: "3425", DATABASE_URL: database.url }, "http://127.0.0.1:3425/"));

    const admin = boot.adminKey;
    const samples: string[] = []; // unexpected answers in full, the first 20
    const sample = (text: string) => void (samples.length < 20 && samples.push(text));
    let budgetRoute = "PUT /projects/{id}/limits";
    /** The project's monthly `enforce` budget; the older budget route when /limits is not served yet. */
    const setBudget = async (node: string, projectId: string, limitMicros: number) => {
      const r = await call("PUT", `${node}/api/v1/projects/${projectId}/limits`, admin, { budgets: [{ period: "month", limitMicros, mode: "enforce" }] });
      if (r.status === 404) {
        budgetRoute = "PUT /projects/{id}/budget (the /limits route answered 404)";
        const old = await call("PUT", `${node}/api/v1/projects/${projectId}/budget`, admin, { monthlyLimitMicros: limitMicros, hardLimit: true });
        if (old.status !== 200) throw new Error(`PUT budget answered ${old.status}: ${JSON.stringify(old.body)}`);
      } else if (r.status !== 200) throw new Error(`PUT limits answered ${r.status}: ${JSON.stringify(r.body)}`);
    };
    const verify = (node: string, key: Key, reserve = true) =>
      call("POST", `${node}/api/v1/keys/verify`, TOKEN, { key: key.secret, model: MODEL, ...(reserve ? { reserve: RESERVE } : {}) });
    /** The project's settled spend this month, from GET /usage. */
    const spendOf = async (node: string, projectId: string) => {
      const today = new Date().toISOString().slice(0, 10);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const r = await call("GET", `${node}/api/v1/usage?projectId=${projectId}&bucket=month&start=${today.slice(0, 8)}01&end=${tomorrow}`, admin);
      if (r.status !== 200) throw new Error(`GET /usage answered ${r.status}: ${JSON.stringify(r.body)}`);
      return (r.body.data as { results: { costMicros: number }[] }[]).reduce((sum, b) => sum + b.results.reduce((s, x) => s + x.costMicros, 0), 0);
    };
    /** Held per level of the key's chain, as every node of the cluster reports it. */
    const heldOf = async (nodes: string[], keyId: string) => {
      let total = 0;
      const texts: string[] = [];
      for (const node of nodes) {
        const r = await call("GET", `${node}/api/v1/keys/${keyId}/effective-limits?model=${encodeURIComponent(MODEL)}`, admin);
        const limits = r.body.limits as { level: string; kind: string; held: number }[] | undefined;
        if (r.status !== 200 || !limits) {
          texts.push(brief(r));
          sample(`GET ${node}/api/v1/keys/${keyId}/effective-limits → ${r.status} ${JSON.stringify(r.body)}`);
          total = NaN;
          continue;
        }
        for (const l of limits) total += l.held;
        texts.push(limits.map((l) => `${l.level} ${l.kind} ${l.held}`).join(", ") || "no limits listed");
      }
      return { total, text: texts.join(" | ") };
    };

    // The gateway simulation.
    const scenarioRows: Record<string, string | number>[] = [];
    const targetRows: Record<string, string | number>[] = [];
    const clusters: Cluster[] = [{ name: "1 node", nodes: [single] }, { name: "2 nodes + Redis", nodes: redisNodes }];
    for (const cluster of clusters) {
      for (const { workers, budgetMicros } of SCENARIOS) {
        const name = `${cluster.name}, ${workers} workers`;
        const { projectId, keys: [key] } = await newProject(name, 1);
        await setBudget(cluster.nodes[0]!, projectId, budgetMicros);

        let turn = 0;
        const nextNode = () => cluster.nodes[turn++ % cluster.nodes.length]!;
        const tally = { valid: 0, accepted: 0, refused: 0, other: 0, noHold: 0, refusedBy: new Set<string>() };
        const note = (what: string) => {
          tally.other++;
          if (tally.other <= 3) sample(`${name}: ${what.replaceAll(key!.secret, "anyint_sk_…")}`);
        };
        const maxCalls = 5 * Math.ceil(budgetMicros / CALL_MICROS) + workers; // a console that never refuses still ends
        const worker = async (w: number) => {
          for (let n = 0; tally.valid < maxCalls; n++) {
            const node = nextNode();
            const v = await verify(node, key!);
            if (v.status !== 200 || v.body.valid !== true) {
              if (v.status === 200 && v.body.code === "BUDGET_EXCEEDED") {
                const limit = v.body.limit as { level?: string; kind?: string; period?: string } | undefined;
                tally.refused++;
                tally.refusedBy.add(`${limit?.level} ${limit?.kind} ${limit?.period}`);
              }
              else note(`POST ${node}/api/v1/keys/verify {key, model: ${MODEL}, reserve: ${JSON.stringify(RESERVE)}} → ${v.status} ${JSON.stringify(v.body)}`);
              return;
            }
            tally.valid++;
            if (typeof v.body.holdId !== "string" && tally.noHold++ === 0) note(`a valid answer without holdId: ${JSON.stringify(v.body)}`);
            await sleep(CALL_MS);
            const usageNode = nextNode();
            const event = { id: `${projectId}-${w}-${n}`, keyId: key!.id, model: MODEL, ...REPORTED, timestamp: new Date().toISOString(), holdId: v.body.holdId };
            const u = await call("POST", `${usageNode}/api/v1/usage`, TOKEN, { events: [event] });
            if (u.status !== 200 || u.body.accepted !== 1) {
              note(`POST ${usageNode}/api/v1/usage ${JSON.stringify({ events: [event] })} → ${u.status} ${JSON.stringify(u.body)}`);
              return;
            }
            tally.accepted++;
          }
        };
        const started = performance.now();
        await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
        const seconds = (performance.now() - started) / 1000;

        const spend = await spendOf(cluster.nodes[0]!, projectId);
        const ratio = spend / budgetMicros;
        const high = 1 + CALL_MICROS / budgetMicros;
        const held = await heldOf(cluster.nodes, key!.id);

        // A budget with room verifies: double it, verify with a reserve on every node (other
        // nodes learn of the change within a second), then release that hold.
        await setBudget(cluster.nodes[0]!, projectId, 2 * budgetMicros);
        const roomy: string[] = [];
        let roomyOk = true;
        for (const node of cluster.nodes) {
          const t = Date.now();
          let v = await verify(node, key!);
          while (v.body.valid !== true && Date.now() - t < 2000) {
            await sleep(100);
            v = await verify(node, key!);
          }
          if (v.body.valid !== true || typeof v.body.holdId !== "string") {
            roomyOk = false;
            roomy.push(`answered ${brief(v)}`);
            sample(`${name}, doubled budget: POST ${node}/api/v1/keys/verify with reserve → ${v.status} ${JSON.stringify(v.body)}`);
            continue;
          }
          const r = await call("POST", `${node}/api/v1/holds/${v.body.holdId}/release`, TOKEN, {});
          if (r.status !== 200) roomyOk = false;
          roomy.push(`valid after ${Date.now() - t} ms, release ${r.status}`);
          if (r.status !== 200) sample(`${name}: POST ${node}/api/v1/holds/${v.body.holdId}/release → ${r.status} ${JSON.stringify(r.body)}`);
        }
        const heldAfterRelease = await heldOf(cluster.nodes, key!.id);

        scenarioRows.push({
          scenario: name, budget: dollars(budgetMicros), verified: tally.valid, "usage accepted": tally.accepted, "BUDGET_EXCEEDED": tally.refused, "refused by": [...tally.refusedBy].join(", "),
          "other answers": tally.other, spend: dollars(spend), "spend / budget": fmt(ratio, 3), held: held.text, seconds: fmt(seconds, 1),
        });
        targetRows.push(
          { target: `${name}: spend / budget in [0.90, ${fmt(high, 3)}]`, measured: fmt(ratio, 3), result: pass(ratio >= 0.9 && ratio <= high && tally.other === 0) },
          { target: `${name}: held 0 on every level after settlement`, measured: held.text, result: pass(held.total === 0) },
          { target: `${name}: doubled budget verifies (then released, held 0)`, measured: `${roomy.join("; ")}; held ${heldAfterRelease.text}`, result: pass(roomyOk && heldAfterRelease.total === 0) },
        );
      }
    }
    console.log(`\nBudgets set with ${budgetRoute}; each call holds ${dollars(RESERVE_MICROS)} (${JSON.stringify(RESERVE)} of ${MODEL}) and spends ${dollars(CALL_MICROS)} (${JSON.stringify(REPORTED)}), ${CALL_MS} ms apart.`);
    printTable("Gateway workers against one enforce project budget (verify with reserve → 300 ms → usage with holdId)", scenarioRows);

    // Throughput of verification with a reserve: 50 connections, warm keys, a budget that
    // never refuses ($1,000,000). The holds are left to expire: only verification is measured.
    await setBudget(single, throughput.projectId, 1_000_000_000_000);
    const auth = { authorization: `Bearer ${TOKEN}` };
    const bodies = throughput.keys.map((k) => JSON.stringify({ key: k.secret, model: MODEL, reserve: RESERVE }));
    const plain = throughput.keys.map((k) => JSON.stringify({ key: k.secret, model: MODEL }));
    const first = await verify(single, throughput.keys[0]!);
    if (first.body.valid !== true) console.log(`\nThroughput: verification with a reserve answered ${first.status} ${JSON.stringify(first.body)}`);
    const sent: Record<string, number> = { [single]: 1, [redisNodes[0]!]: 0 };
    const counted = async (node: string, connections: number, seconds: number) => {
      const r = await load(`${node}/api/v1/keys/verify`, bodies, connections, seconds, auth);
      sent[node]! += r.requests;
      return r;
    };
    await counted(single, 10, 2);
    await counted(redisNodes[0]!, 10, 2);
    await load(`${single}/api/v1/keys/verify`, plain, 10, 2, auth);

    // Alternate the servers over several rounds and keep each one's median (a noisy machine).
    const runs: Record<string, () => Promise<LoadResult>> = {
      "console, reserve, 1 node (in process), 50 conn": () => counted(single, 50, SECONDS),
      "A: node:http + map, 50 conn": () => load("http://127.0.0.1:3424/", bodies, 50, SECONDS, {}),
      "console, reserve, Redis, 50 conn": () => counted(redisNodes[0]!, 50, SECONDS),
      "B: node:http + postgres.js, 50 conn": () => load("http://127.0.0.1:3425/", bodies, 50, SECONDS, {}),
      "console, no reserve, 1 node, 50 conn (reference)": () => load(`${single}/api/v1/keys/verify`, plain, 50, SECONDS, auth),
    };
    const seen: Record<string, LoadResult[]> = {};
    for (let r = 0; r < ROUNDS; r++) for (const [name, run] of Object.entries(runs)) (seen[name] ??= []).push(await run());
    const results = Object.fromEntries(Object.entries(seen).map(([name, list]) => [name, list.sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)]!]));
    // Every verification sent with a reserve should hold $0.05 until it expires: held ÷ $0.05 = holds taken.
    const holdsTaken = async (node: string) => (await heldOf([node], throughput.keys[0]!.id)).total / RESERVE_MICROS;
    const takenSingle = await holdsTaken(single);
    const takenRedis = await holdsTaken(redisNodes[0]!);

    printTable("POST /keys/verify with reserve (warm keys, loopback)", Object.entries(results).map(([name, r]) => ({
      run: name, "req/s": fmt(r.rps), "p50 ms": r.p50, "p99 ms": r.p99, errors: r.errors, non2xx: r.non2xx,
    })));
    const one = results["console, reserve, 1 node (in process), 50 conn"]!.rps;
    const withRedis = results["console, reserve, Redis, 50 conn"]!.rps;
    const a = results["A: node:http + map, 50 conn"]!.rps;
    const b = results["B: node:http + postgres.js, 50 conn"]!.rps;
    targetRows.push(
      { target: "verify with reserve, 1 node ≥ 0.6 × baseline A", measured: `${fmt(one / a, 2)} ×`, result: pass(one / a >= 0.6) },
      { target: "verify with reserve, Redis ≥ 1.5 × baseline B", measured: `${fmt(withRedis / b, 2)} ×`, result: pass(withRedis / b >= 1.5) },
      { target: "throughput answers were holds, 1 node (holds taken / sent)", measured: `${fmt(takenSingle)} / ${sent[single]}`, result: pass(takenSingle >= 0.98 * sent[single]!) },
      { target: "throughput answers were holds, Redis (holds taken / sent)", measured: `${fmt(takenRedis)} / ${sent[redisNodes[0]!]}`, result: pass(takenRedis >= 0.98 * sent[redisNodes[0]!]!) },
    );
    if (samples.length) console.log(`\nUnexpected answers (the first 20; at most 3 per scenario from its workers):\n${samples.map((s) => `  ${s}`).join("\n")}`);
    printTable("Targets (spec/limits.md)", targetRows);
  } finally {
    for (const child of children) await stopProcess(child);
    await redis.flushdb().catch(() => {});
    redis.disconnect();
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
