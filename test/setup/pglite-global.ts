import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { closeDb, currentDriver, installDb, openDriver } from "@/db/client";
import { runMigrations } from "@/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteDump: string;
  }
}

/**
 * Migrates one in-memory PGlite and saves its data folder as a tarball, so each test file
 * starts from a copy (about 0.5 s) instead of running initdb and the migrations (about 3 s).
 */
export default async function setup(project: TestProject) {
  await installDb(await openDriver({ dataDir: "memory://" }));
  let dump: Blob | File;
  try {
    await runMigrations();
    const driver = currentDriver();
    if (driver.kind !== "pglite") throw new Error("expected PGlite");
    dump = await driver.client.dumpDataDir("none");
  } finally {
    await closeDb();
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "anyint-pglite-"));
  const file = path.join(dir, "migrated.tar");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteDump", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
