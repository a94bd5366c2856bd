// npm run bench:verify — POST /keys/verify on the console's own port against the two
// baselines of spec/quality.md, measured in the same run; then again with 1,000,000 keys.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { closeDb, installDb, openDriver, type Db } from "@/db/client";
import { rowsOf, textArray } from "@/db/sql";
import { runMigrations } from "@/db/migrate";
import { generateSecret, hashSecret, visibleParts } from "@/lib/keys/format";
import { createServiceAccount } from "@/lib/keys/service-accounts";
import { bootstrapOrganization } from "@/lib/orgs/bootstrap";
import { createProject } from "@/lib/projects/service";
import { principalForAdminKey } from "@/lib/server/principal";
import { createBenchDatabase, fmt, load, printTable, startProcess, stopProcess, type LoadResult } from "./lib";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** Runs every load once per round, in turn, and keeps each one's median round (by req/s). */
async function rounds(runs: Record<string, () => Promise<LoadResult>>) {
  const seen: Record<string, LoadResult[]> = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, run] of Object.entries(runs)) (seen[name] ??= []).push(await run());
  }
  return Object.fromEntries(
    Object.entries(seen).map(([name, list]) => [name, list.sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)]!]),
  );
}
const TOTAL_KEYS = Number(process.env.BENCH_KEYS ?? 1_000_000);
const WARM_KEYS = 1000;
const SPRAY_KEYS = Number(process.env.BENCH_SPRAY_KEYS ?? 300_000);
const TOKEN = "pt_bench_token";

async function insertKeys(db: Db, scope: { organizationId: string; projectId: string; environmentId: string; serviceAccountId: string }, count: number) {
  const secrets: string[] = [];
  for (let done = 0; done < count; done += 10_000) {
    const n = Math.min(10_000, count - done);
    const batch = Array.from({ length: n }, () => generateSecret("team"));
    const ids = batch.map((_, i) => `key_bench${String(secrets.length + i).padStart(12, "0")}${Math.random().toString(36).slice(2, 6)}`);
    await db.execute(sql`
      insert into api_keys (id, organization_id, project_id, environment_id, name, owner_service_account_id, start, last4)
      select id, ${scope.organizationId}, ${scope.projectId}, ${scope.environmentId}, 'bench', ${scope.serviceAccountId}, ${visibleParts(batch[0]!, "team").start}, right(id, 4)
      from unnest(${textArray(ids)}::text[]) as id`);
    await db.execute(sql`
      insert into api_key_secrets (secret_hash, key_id)
      select * from unnest(${textArray(batch.map(hashSecret))}::text[], ${textArray(ids)}::text[])`);
    secrets.push(...batch);
  }
  return secrets;
}

async function main() {
  const database = await createBenchDatabase("verify");
  const children: Awaited<ReturnType<typeof startProcess>>[] = [];
  try {
    const db = await installDb(await openDriver({ databaseUrl: database.url }));
    await runMigrations();
    const boot = await bootstrapOrganization(db, { orgName: "Bench", ownerEmail: "bench@bench.test" });
    const principal = (await principalForAdminKey(db, boot.adminKey))!;
    const ctx = { principal, requestId: "bench", ip: null, userAgent: null };
    const project = await db.transaction((tx) => createProject(tx, ctx, { name: "Bench" }));
    const sa = await db.transaction((tx) => createServiceAccount(tx, ctx, project.id, { name: "bench" }));
    const [env] = rowsOf<{ id: string }>(await db.execute(sql`select id from environments where project_id = ${project.id} and name = 'production'`));
    const scope = { organizationId: principal.organizationId, projectId: project.id, environmentId: env!.id, serviceAccountId: sa.id };
    const warm = await insertKeys(db, scope, WARM_KEYS);
    const body = (key: string) => JSON.stringify({ key, model: "openai/gpt-4o", route: "/v1/chat/completions", ip: "10.0.0.1" });
    const bodies = warm.map(body);
    // a caller spraying well-formed unknown keys (valid checksum): made beforehand, so the load
    // generator does not pay for them, and each used once while the pool lasts over all rounds
    const pool = Array.from({ length: SPRAY_KEYS }, () => body(generateSecret("team")));
    let sprayedSoFar = 0;
    const sprayed = () => pool[sprayedSoFar++ % pool.length]!;
    const keysFile = path.join(tmpdir(), `anyint-bench-keys-${process.pid}.txt`);
    writeFileSync(keysFile, warm.join("\n"));

    const auth = { authorization: `Bearer ${TOKEN}` };
    const serverEnv = {
      DATABASE_URL: database.url, DEV_MAILBOX: "on", PORT: "3401", HOSTNAME: "127.0.0.1", PLATFORM_TOKENS: TOKEN,
      AUTH_SECRET: "bench-secret-bench-secret", ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
      SEED_DEMO: "off", BACKGROUND_JOBS: "off", NODE_ENV: "production",
    };
    const consoleUrl = "http://127.0.0.1:3401/api/v1/keys/verify";
    const server = await startProcess("node", ["--import", "tsx", "server.ts"], serverEnv, "http://127.0.0.1:3401/sign-in");
    children.push(server);
    const mapServer = await startProcess("node", ["bench/baselines/map-server.mjs"], { PORT: "3402", BENCH_KEYS_FILE: keysFile }, "http://127.0.0.1:3402/");
    children.push(mapServer);
    const pgServer = await startProcess("node", ["bench/baselines/pg-server.mjs"], { PORT: "3403", DATABASE_URL: database.url }, "http://127.0.0.1:3403/");
    children.push(pgServer);

    // Warm the console's cache: every key once, and check the answers are right.
    const check = await fetch(consoleUrl, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: bodies[0] });
    const answer = (await check.json()) as { code: string };
    if (answer.code !== "VALID") throw new Error(`verification answered ${JSON.stringify(answer)}`);
    await load(consoleUrl, bodies, 10, 2, auth);

    // The machine is small and noisy: alternate the servers over several rounds and keep the
    // median of each, so a burst of other work does not land on one of them only.
    const runs = {
      "console, 1 conn": () => load(consoleUrl, bodies, 1, SECONDS / 2, auth),
      "A: node:http + map, 1 conn": () => load("http://127.0.0.1:3402/", bodies, 1, SECONDS / 2, {}),
      "console, 50 conn": () => load(consoleUrl, bodies, 50, SECONDS, auth),
      "console, 50 conn, sprayed unknown keys": () => load(consoleUrl, sprayed, 50, SECONDS, auth),
      "A: node:http + map, 50 conn": () => load("http://127.0.0.1:3402/", bodies, 50, SECONDS, {}),
      "B: node:http + postgres.js, 50 conn": () => load("http://127.0.0.1:3403/", bodies, 50, SECONDS, {}),
    };
    const results = await rounds(runs);

    const extra = TOTAL_KEYS - WARM_KEYS;
    if (extra > 0) {
      const started = Date.now();
      await insertKeys(db, scope, extra);
      await db.execute(sql`vacuum analyze api_key_secrets`);
      await db.execute(sql`vacuum analyze api_keys`);
      console.log(`Inserted ${extra} more keys in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await load(consoleUrl, bodies, 10, 2, auth);
      Object.assign(results, await rounds({
        [`console, 50 conn, ${TOTAL_KEYS} keys`]: () => load(consoleUrl, bodies, 50, SECONDS, auth),
        [`B: postgres.js, 50 conn, ${TOTAL_KEYS} keys`]: () => load("http://127.0.0.1:3403/", bodies, 50, SECONDS, {}),
      }));
    }
    const rss = Number((await import("node:child_process")).execSync(`ps -o rss= -p ${server.pid}`).toString().trim()) / 1024;

    printTable("POST /keys/verify (warm keys, loopback)", Object.entries(results).map(([name, r]) => ({
      run: name, "req/s": fmt(r.rps), "p50 ms": r.p50, "p99 ms": r.p99, errors: r.errors, non2xx: r.non2xx,
    })));
    const c50 = results["console, 50 conn"]!.rps;
    const spray = results["console, 50 conn, sprayed unknown keys"]!.rps;
    const a = results["A: node:http + map, 50 conn"]!.rps;
    const b = results["B: node:http + postgres.js, 50 conn"]!.rps;
    const big = results[`console, 50 conn, ${TOTAL_KEYS} keys`];
    printTable("Targets (spec/quality.md)", [
      { target: "≥ 0.7 × baseline A", measured: `${fmt(c50 / a, 2)} ×`, met: c50 / a >= 0.7 ? "yes" : "no" },
      { target: "≥ 1.5 × baseline B", measured: `${fmt(c50 / b, 2)} ×`, met: c50 / b >= 1.5 ? "yes" : "no" },
      { target: "sprayed unknown keys ≥ 0.8 × warm key", measured: `${fmt(spray / c50, 2)} ×`, met: spray / c50 >= 0.8 ? "yes" : "no" },
      { target: "p99 ≤ 10 ms at 50 connections", measured: `${results["console, 50 conn"]!.p99} ms`, met: results["console, 50 conn"]!.p99 <= 10 ? "yes" : "no" },
      { target: "p99 ≤ 2 ms at 1 connection", measured: `${results["console, 1 conn"]!.p99} ms`, met: results["console, 1 conn"]!.p99 <= 2 ? "yes" : "no" },
      ...(big ? [{ target: `${TOTAL_KEYS} keys within 10 % of 1,000`, measured: `${fmt((big.rps / c50) * 100, 1)} %`, met: big.rps >= 0.9 * c50 ? "yes" : "no" }] : []),
      { target: "server RSS < 400 MB", measured: `${fmt(rss)} MB`, met: rss < 400 ? "yes" : "no" },
    ]);
  } finally {
    for (const child of children) await stopProcess(child);
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
