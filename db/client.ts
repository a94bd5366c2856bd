import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Sql } from "postgres";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything that runs queries: the db or a transaction. */
export type Queryable = Db | Tx;

type Driver =
  | { kind: "postgres"; client: Sql; url: string }
  | { kind: "pglite"; client: PGlite; dataDir: string };

// One driver per process. Next.js evaluates this module once per bundle and the custom
// server once more, so the connection lives on globalThis (shared/stack.md, pitfall 1);
// each module copy wraps it in its own (cheap) Drizzle object.
const g = globalThis as { __anyintDriver?: Driver };
let cached: { driver: Driver; db: Db } | undefined;

export type DbConfig = { databaseUrl?: string; dataDir?: string };

export async function openDriver(config: DbConfig): Promise<Driver> {
  if (process.env.NEXT_PHASE === "phase-production-build") {
    throw new Error("The database must not be opened during `next build` (mark the page dynamic).");
  }
  if (config.databaseUrl) {
    const { default: postgres } = await import("postgres");
    const client = postgres(config.databaseUrl, {
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      onnotice: () => {},
      connection: { application_name: "anyint-console" },
      // While the database is unreachable, requests fail within seconds (503) instead of
      // waiting postgres.js's 30 s, and connections retry at most every half second, so the
      // pool (and the LISTEN connection, built with the same options) is back at once.
      connect_timeout: 5,
      backoff: (retries: number) => Math.min(3 ** retries / 100, 0.5),
    });
    return { kind: "postgres", client, url: config.databaseUrl };
  }
  // `memory://` (tests) keeps the database in memory; anything else is a folder.
  const dataDir = config.dataDir?.startsWith("memory://")
    ? config.dataDir
    : path.resolve(config.dataDir ?? ".data", "pglite");
  const { PGlite } = await import("@electric-sql/pglite");
  const client = await PGlite.create(dataDir);
  return { kind: "pglite", client, dataDir };
}

export async function wrapDriver(driver: Driver): Promise<Db> {
  if (driver.kind === "postgres") {
    const { drizzle } = await import("drizzle-orm/postgres-js");
    return drizzle(driver.client, { schema, casing: "snake_case" }) as unknown as Db;
  }
  const { drizzle } = await import("drizzle-orm/pglite");
  return drizzle(driver.client, { schema, casing: "snake_case" }) as unknown as Db;
}

/** Install the process's driver (the server, the CLI and tests do this once at start). */
export async function installDb(driver: Driver): Promise<Db> {
  g.__anyintDriver = driver;
  const db = await wrapDriver(driver);
  cached = { driver, db };
  return db;
}

export function currentDriver(): Driver {
  if (!g.__anyintDriver) {
    throw new Error("The database is not open: start the console with `npm start` (server.ts).");
  }
  return g.__anyintDriver;
}

let wrapping: Promise<Db> | undefined;

/** The one Drizzle object of this module copy, over the process's one driver. */
export async function getDb(): Promise<Db> {
  const driver = currentDriver();
  if (cached?.driver === driver) return cached.db;
  wrapping ??= wrapDriver(driver).then((db) => {
    cached = { driver, db };
    wrapping = undefined;
    return db;
  });
  return wrapping;
}

export async function closeDb(): Promise<void> {
  const driver = g.__anyintDriver;
  if (!driver) return;
  g.__anyintDriver = undefined;
  cached = undefined;
  if (driver.kind === "postgres") await driver.client.end({ timeout: 5 });
  else await driver.client.close();
}

export { schema };
