// npm run bench:webhooks — webhook delivery with `npm run worker` as the one process: 10,000
// queued events to a local receiver that answers 200 at once (deliveries per second), then
// the latency from commit to first attempt with the worker idle. Baselines in the same run:
// the same receiver driven by a bare node:http client, for both figures.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { closeDb, installDb, openDriver, type Db } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { textArray } from "@/db/sql";
import { emitEvent } from "@/lib/audit/record";
import { bootstrapOrganization } from "@/lib/orgs/bootstrap";
import { principalForAdminKey } from "@/lib/server/principal";
import { createEndpoint } from "@/lib/webhooks/service";
import { createBenchDatabase, fmt, printTable, stopProcess } from "./lib";

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 10_000);
const IDLE_SAMPLES = Number(process.env.BENCH_WEBHOOK_SAMPLES ?? 100);
const PORT = 3336;
const ENCRYPTION_KEY = Buffer.alloc(32, 3).toString("base64");
process.env.ENCRYPTION_KEY = ENCRYPTION_KEY; // the worker opens the secret this process seals

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;

/** The receiver: answers 200 at once, verifies every signature, notes when each event first arrived. */
function startReceiver() {
  const arrived = new Map<string, number>();
  let verifier: Webhook | null = null;
  let bad = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.end("ok");
      if (req.url === "/baseline") return;
      const id = String(req.headers["webhook-id"]);
      if (!arrived.has(id)) arrived.set(id, performance.now());
      try {
        verifier?.verify(Buffer.concat(chunks).toString(), req.headers as Record<string, string>);
      } catch {
        bad++;
      }
    });
  });
  return new Promise<{ arrived: Map<string, number>; bad: () => number; verifyWith: (s: string) => void; close: () => void }>((resolve) =>
    server.listen(PORT, "127.0.0.1", () =>
      resolve({ arrived, bad: () => bad, verifyWith: (s) => (verifier = new Webhook(s)), close: () => server.close() }),
    ),
  );
}

/** Baseline: the same receiver driven by a bare node:http client, `concurrency` requests at a time. */
async function bareClient(total: number, concurrency: number, body: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const started = performance.now();
      const req = http.request({ host: "127.0.0.1", port: PORT, path: "/baseline", method: "POST", agent, headers: { "content-type": "application/json" } }, (res) => {
        res.resume();
        res.on("end", () => (latencies.push(performance.now() - started), resolve()));
      });
      req.on("error", reject);
      req.end(body);
    });
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < total) await one();
  }));
  agent.destroy();
  return { perSecond: total / ((performance.now() - started) / 1000), p95: percentile(latencies, 95) };
}

async function queueEvents(db: Db, organizationId: string, count: number) {
  const ids = Array.from({ length: count }, (_, i) => `evt_bench${String(i).padStart(11, "0")}`);
  await db.execute(sql`
    insert into outbox_events (id, organization_id, type, payload)
    select id, ${organizationId}, 'project.updated',
      jsonb_build_object('id', id, 'type', 'project.updated', 'timestamp', now(), 'organizationId', ${organizationId}::text,
        'data', jsonb_build_object('project', jsonb_build_object('id', 'prj_bench', 'name', 'Bench'), 'changes', '{}'::jsonb))
    from unnest(${textArray(ids)}::text[]) as id`);
}

function startWorker(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn("node", ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DEV_MAILBOX: "on", AUTH_SECRET: "bench-secret-bench-secret", ENCRYPTION_KEY, WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${PORT}`, BACKGROUND_JOBS: "on" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const keep = (d: Buffer) => {
      output += d;
      if (process.env.BENCH_VERBOSE) process.stderr.write(d);
      if (output.includes("Worker running")) resolve(child);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    child.once("exit", () => reject(new Error(`the worker exited:\n${output}`)));
  });
}

async function waitFor(done: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for deliveries");
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function main() {
  const database = await createBenchDatabase("webhooks");
  const receiver = await startReceiver();
  let worker: ChildProcess | null = null;
  try {
    const db = await installDb(await openDriver({ databaseUrl: database.url }));
    await runMigrations();
    const boot = await bootstrapOrganization(db, { orgName: "Bench", ownerEmail: "bench@bench.test" });
    const principal = (await principalForAdminKey(db, boot.adminKey))!;
    const ctx = { principal, requestId: "bench", ip: null, userAgent: null };
    const { secret } = await db.transaction((tx) => createEndpoint(tx, ctx, { url: `http://127.0.0.1:${PORT}/hook`, eventTypes: ["project.*"] }));
    receiver.verifyWith(secret);
    const body = JSON.stringify({ id: "evt_baseline", type: "project.updated", data: { project: { id: "prj_bench", name: "Bench" } } });
    const baseline = await bareClient(EVENTS, 10, body);
    const baselineIdle = await bareClient(IDLE_SAMPLES, 1, body);

    // Throughput: the backlog is queued before the worker starts.
    await queueEvents(db, principal.organizationId, EVENTS);
    worker = await startWorker(database.url);
    const isBench = (id: string) => id.startsWith("evt_bench");
    await waitFor(() => [...receiver.arrived.keys()].filter(isBench).length >= EVENTS, 300_000);
    const times = [...receiver.arrived].filter(([id]) => isBench(id)).map(([, t]) => t);
    const perSecond = EVENTS / ((Math.max(...times) - Math.min(...times)) / 1000);

    // Latency with the worker idle: one committed change at a time, from commit to first attempt.
    const latencies: number[] = [];
    for (let i = 0; i < IDLE_SAMPLES; i++) {
      const id = await db.transaction((tx) => emitEvent(tx, principal.organizationId, "project.updated", { sample: i }));
      const committed = performance.now();
      await waitFor(() => receiver.arrived.has(id), 30_000);
      latencies.push(receiver.arrived.get(id)! - committed);
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
    const p95 = percentile(latencies, 95);

    printTable(`Webhook delivery (${EVENTS} events, one worker process, receiver answers 200 at once)`, [
      { run: "worker: deliveries", "per s": fmt(perSecond), "p50 ms": "", "p95 ms": "", "bad signatures": receiver.bad() },
      { run: "worker: commit → first attempt, idle", "per s": "", "p50 ms": fmt(percentile(latencies, 50)), "p95 ms": fmt(p95), "bad signatures": receiver.bad() },
      { run: "baseline: bare node:http client, 10 at a time", "per s": fmt(baseline.perSecond), "p50 ms": "", "p95 ms": fmt(baseline.p95, 2), "bad signatures": "" },
      { run: "baseline: bare node:http client, 1 at a time", "per s": fmt(baselineIdle.perSecond), "p50 ms": "", "p95 ms": fmt(baselineIdle.p95, 2), "bad signatures": "" },
    ]);
    printTable("Targets (spec/quality.md, issue 6)", [
      { target: "≥ 500 deliveries/s with one process", measured: `${fmt(perSecond)} /s (${fmt((perSecond / baseline.perSecond) * 100, 1)} % of the bare client)`, met: perSecond >= 500 ? "yes" : "no" },
      { target: "p95 ≤ 2 s from commit to first attempt, idle", measured: `${fmt(p95)} ms`, met: p95 <= 2000 ? "yes" : "no" },
      { target: "every delivery verifies (standardwebhooks)", measured: `${receiver.bad()} bad`, met: receiver.bad() === 0 ? "yes" : "no" },
    ]);
  } finally {
    if (worker) await stopProcess(worker);
    receiver.close();
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
