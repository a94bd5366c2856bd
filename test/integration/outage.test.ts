import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import * as projects from "@/app/api/v1/projects/route";
import { createProjectAction } from "@/app/(console)/[orgSlug]/projects/actions";
import { closeDb, currentDriver, getDb, installDb, openDriver } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { startLoop } from "@/lib/jobs/loop";
import { KEY_CHANGES_CHANNEL, subscribeToKeyChanges } from "@/lib/keys/invalidation";
import { lastUsed } from "@/lib/keys/last-used";
import { verifyKey } from "@/lib/keys/verify";
import { apiRequest, asKey, call, createOrg, createSession, createTestAdminKey, createTestProject, unique, type Json } from "../factories";
import { createTeamKey, verifyThroughRoute } from "../key-factories";
import { postUsage, usageEvent } from "../usage-factories";

// Class 12 of the hardening issue (docs/security.md, Database outage): a private PostgreSQL
// cluster is stopped under load and started again. The Admin API, usage ingest and server
// actions answer 503 (never 500), warm keys keep verifying from the cache, and the pool, the
// LISTEN connection and the background loop come back by themselves. The shared cluster on
// 5432 is never touched; skipped on PGlite and where the PostgreSQL binaries are missing.
const BIN = "/usr/lib/postgresql/15/bin";
const runnable = !!inject("databaseUrl") && fs.existsSync(`${BIN}/pg_ctl`) && process.getuid?.() === 0;
const run = promisify(execFile);

const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

/** A throw-away cluster in a temporary folder owned by postgres, on a free loopback port. */
class PrivateCluster {
  dir = "";
  port = 0;
  running = false;

  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private pg(bin: string, args: string[]) {
    return run("runuser", ["-u", "postgres", "--", `${BIN}/${bin}`, ...args], { cwd: this.dir });
  }

  async init() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "anyint-outage-"));
    fs.chownSync(this.dir, Number((await run("id", ["-u", "postgres"])).stdout), Number((await run("id", ["-g", "postgres"])).stdout));
    this.port = await freePort();
    await this.pg("initdb", ["-D", `${this.dir}/data`, "-A", "trust", "-U", "postgres", "--no-sync"]);
  }

  async start() {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.pg("pg_ctl", ["-D", `${this.dir}/data`, "-l", `${this.dir}/log`, "-o", options, "-w", "start"]);
    this.running = true;
  }

  async stop() {
    await this.pg("pg_ctl", ["-D", `${this.dir}/data`, "-m", "fast", "-w", "stop"]);
    this.running = false;
  }

  async destroy() {
    if (this.running) await this.stop().catch(() => undefined);
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Shot = { route: string; startedAt: number; endedAt: number; status: number; retryAfter: string | null; body: Json };

describe.skipIf(!runnable)("a PostgreSQL outage under load", () => {
  const cluster = new PrivateCluster();
  let otherNode: postgres.Sql;
  let loop: ReturnType<typeof startLoop> | undefined;
  const loopLog: string[] = [];
  let probes = 0;
  const shots: Shot[] = [];
  let loading = true;
  let load: Promise<unknown> = Promise.resolve();
  const times = { stopped: 0, started: 0 };
  let w: { orgSlug: string; adminSecret: string; warm: string; warmId: string; stale: string; cold: string; fresh: { id: string; secret: string }; cookie: string };

  /** One request of each kind, all at once, as the platform and an operator would send them. */
  const round = () =>
    Promise.all(
      Object.entries({
        "GET /projects": () => call(projects.GET, apiRequest("GET", "/projects", { headers: asKey(w.adminSecret) })),
        "POST /projects": () => call(projects.POST, apiRequest("POST", "/projects", { headers: asKey(w.adminSecret), body: { name: unique("Project") } })),
        "POST /usage": () => postUsage([usageEvent(w.warmId)]),
        "POST /keys/verify": () => verifyThroughRoute({ key: w.warm }),
      }).map(async ([route, send]) => {
        const startedAt = Date.now();
        const res = await send();
        shots.push({ route, startedAt, endedAt: Date.now(), status: res.status, retryAfter: res.headers.get("retry-after"), body: res.body });
      }),
    );

  beforeAll(async () => {
    await closeDb(); // the setup file's pool is on the shared cluster: this file uses its own
    await cluster.init();
    await cluster.start();
    await installDb(await openDriver({ databaseUrl: cluster.url }));
    await runMigrations();
    otherNode = postgres(cluster.url, { max: 1, onnotice: () => {}, backoff: () => 0.2 });

    const fx = await createOrg();
    const project = await createTestProject(fx);
    const admin = await createTestAdminKey(fx);
    const [warm, stale, cold, fresh] = await Promise.all([1, 2, 3, 4].map(() => createTeamKey(fx, project.id)));
    w = {
      orgSlug: fx.org.slug,
      adminSecret: admin.secret,
      warm: warm!.secret,
      warmId: warm!.key.id,
      stale: stale!.secret,
      cold: cold!.secret,
      fresh: { id: fresh!.key.id, secret: fresh!.secret },
      cookie: await createSession(fx.owner),
    };
    const driver = currentDriver();
    if (driver.kind === "postgres") await subscribeToKeyChanges(driver.client); // the node's subscription (server.ts)
    for (const secret of [w.warm, w.stale]) expect((await verifyKey({ key: secret })).code).toBe("VALID");
    // another node revokes `stale` and its notice is lost: only this node's cache still says VALID
    await otherNode`update api_keys set revoked_at = now() where id = ${stale!.key.id}`;

    loop = startLoop([{ name: "probe", everyMs: 100, run: async () => (await getDb()).execute(sql`select 1`).then(() => probes++) }], (line) => loopLog.push(line));
    const worker = async () => {
      while (loading) await round();
    };
    load = Promise.all([worker(), worker()]); // two callers, each sending its next round when answered
  }, 60_000);

  afterAll(async () => {
    loading = false;
    await Promise.race([load, sleep(10_000)]);
    await loop?.stop();
    await otherNode?.end({ timeout: 1 });
    await lastUsed().flush();
    await closeDb();
    await cluster.destroy();
  }, 60_000);

  it("answers every request normally while the database is up", async () => {
    await sleep(1_500);
    const up = [...shots];
    expect(up.length).toBeGreaterThan(8);
    expect(up.filter((s) => s.status >= 300)).toEqual([]);
  });

  it("answers 503 with Retry-After on the Admin API and usage ingest, and keeps verifying warm keys", async () => {
    await cluster.stop();
    times.stopped = Date.now();
    await sleep(3_000);

    const down = shots.filter((s) => s.startedAt > times.stopped);
    const routes = new Set(down.map((s) => s.route));
    expect([...routes].sort()).toEqual(["GET /projects", "POST /keys/verify", "POST /projects", "POST /usage"]);
    for (const s of down.filter((s) => s.route !== "POST /keys/verify")) {
      expect({ route: s.route, status: s.status, retryAfter: s.retryAfter, code: s.body.error?.code }).toEqual({
        route: s.route,
        status: 503,
        retryAfter: "5",
        code: "SERVICE_UNAVAILABLE",
      });
      expect(JSON.stringify(s.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|select|insert/i);
    }
    for (const s of down.filter((s) => s.route === "POST /keys/verify")) expect([s.status, s.body.code]).toEqual([200, "VALID"]);
    // answers come fast: no request waits out a connect timeout
    expect(Math.max(...down.map((s) => s.endedAt - s.startedAt))).toBeLessThan(2_000);
  });

  it("keeps warm answers past the catalog's refresh time, and never calls a cold key unknown", async () => {
    expect((await verifyKey({ key: w.warm }, Date.now() + 120_000)).code).toBe("VALID");
    expect((await verifyKey({ key: w.stale })).code).toBe("VALID"); // cached; checked again once back
    const cold = await verifyThroughRoute({ key: w.cold });
    expect([cold.status, cold.body.error?.code, cold.headers.get("retry-after")]).toEqual([503, "SERVICE_UNAVAILABLE", "5"]);
  });

  it("tells a server action's caller that the database is unreachable", async () => {
    request.headers = new Headers({ cookie: w.cookie, "user-agent": "vitest" });
    const result = await createProjectAction(w.orgSlug, { name: unique("Project") });
    expect(result).toMatchObject({ ok: false, error: { code: "SERVICE_UNAVAILABLE", message: expect.stringMatching(/database is unreachable.*try again/i) } });
  });

  it("reports the outage once from the background loop, which keeps going", () => {
    const failures = loopLog.filter((l) => l.includes("probe failed"));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/database is unreachable/i);
  });

  it("recovers within seconds of the database's return, without a restart", async () => {
    await cluster.start();
    times.started = Date.now();
    const probesBefore = probes;

    let allOk = 0;
    while (!allOk && Date.now() - times.started < 10_000) {
      const from = Date.now();
      await sleep(200);
      const recent = shots.filter((s) => s.startedAt >= from);
      if (new Set(recent.map((s) => s.route)).size === 4 && recent.every((s) => s.status < 300)) allOk = Date.now();
    }
    expect(allOk - times.started).toBeGreaterThan(0);
    expect(allOk - times.started).toBeLessThan(5_000);

    expect(shots.filter((s) => s.status >= 500 && s.status !== 503)).toEqual([]); // never a 500, at any time
    // a burst that needs every connection of the pool: none of them still carries the outage
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? call(projects.GET, apiRequest("GET", "/projects", { headers: asKey(w.adminSecret) }))
          : call(projects.POST, apiRequest("POST", "/projects", { headers: asKey(w.adminSecret), body: { name: unique("Project") } })),
      ),
    );
    expect(burst.map((r) => r.body.error?.code ?? r.status)).toEqual(burst.map((_, i) => (i % 2 ? 200 : 201)));
    request.headers = new Headers({ cookie: w.cookie, "user-agent": "vitest" });
    const action = await createProjectAction(w.orgSlug, { name: unique("Project") });
    expect(action.ok ? "ok" : action.error).toBe("ok");
    await sleep(300);
    expect(probes).toBeGreaterThan(probesBefore);
    expect(loopLog.at(-1)).toBe("Background task probe recovered.");
  });

  it("subscribes to other nodes' changes again, and forgets what it may have missed", async () => {
    // the revocation whose notice was lost shows once the LISTEN connection is back
    const start = Date.now();
    while ((await verifyKey({ key: w.stale })).code !== "REVOKED" && Date.now() - start < 5_000) await sleep(50);
    expect((await verifyKey({ key: w.stale })).code).toBe("REVOKED");

    expect((await verifyKey({ key: w.fresh.secret })).code).toBe("VALID");
    await otherNode`update api_keys set revoked_at = now() where id = ${w.fresh.id}`;
    await otherNode`select pg_notify(${KEY_CHANGES_CHANNEL}, ${JSON.stringify({ kind: "key", id: w.fresh.id })})`;
    const heardAt = Date.now();
    while ((await verifyKey({ key: w.fresh.secret })).code !== "REVOKED" && Date.now() - heardAt < 1_000) await sleep(20);
    expect((await verifyKey({ key: w.fresh.secret })).code).toBe("REVOKED");
  });
});
