import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { closeDb, installDb, openDriver } from "@/db/client";
import { runMigrations } from "@/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * Creates a fresh `anyint_test_<random>` database, migrates it once, hands its URL to the
 * test files, and drops it (only it) when the run ends.
 */
export default async function setup(project: TestProject) {
  const name = `anyint_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();

  const drop = async () => {
    await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
    await admin.unsafe(`drop database if exists ${name}`);
    await admin.end({ timeout: 5 });
  };

  await admin.unsafe(`create database ${name}`);
  try {
    await installDb(await openDriver({ databaseUrl }));
    await runMigrations();
  } catch (error) {
    await closeDb();
    await drop();
    throw error;
  }
  await closeDb();
  project.provide("databaseUrl", databaseUrl);
  return drop;
}
