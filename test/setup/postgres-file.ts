import { afterAll, beforeAll, inject } from "vitest";
import { closeDb, installDb, openDriver } from "@/db/client";

// One connection pool per test file, on the database the global setup created and migrated.
beforeAll(async () => {
  await installDb(await openDriver({ databaseUrl: inject("databaseUrl") }));
});

afterAll(async () => {
  await closeDb();
});
