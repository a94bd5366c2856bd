import path from "node:path";
import { fileURLToPath } from "node:url";
import { seedModels } from "@/lib/models/service";
import { ensureUsagePartitions } from "@/lib/usage/partitions";
import { currentDriver, getDb } from "./client";

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** Apply pending migrations, then the reference data (the default model catalog) and this period's usage partitions. */
export async function runMigrations(): Promise<void> {
  const driver = currentDriver();
  const db = await getDb();
  if (driver.kind === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(db as never, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(db as never, { migrationsFolder });
  }
  await seedModels(db);
  await ensureUsagePartitions(db);
}
