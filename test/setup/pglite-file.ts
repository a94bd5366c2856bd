import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, inject } from "vitest";
import { closeDb, installDb } from "@/db/client";

// One in-memory PGlite per test file, loaded from the migrated copy the global setup made.
beforeAll(async () => {
  const client = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(inject("pgliteDump"))]) });
  await installDb({ kind: "pglite", client, dataDir: "memory://" });
});

afterAll(async () => {
  await closeDb();
});
