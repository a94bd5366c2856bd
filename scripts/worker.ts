import { closeDb } from "@/db/client";
import { ensureSecrets, openDatabase } from "@/db/open";
import { env } from "@/lib/env";
import { startLoop } from "@/lib/jobs/loop";
import { describeError } from "@/lib/core/log-error";
import { TASKS } from "@/lib/jobs/tasks";

// `npm run worker`: the background loop on its own, for deployments with several nodes.
// Needs DATABASE_URL: the embedded database cannot be shared with a running server.
async function main() {
  if (!env().DATABASE_URL) throw new Error("Configuration error: DATABASE_URL is required for a separate worker (the embedded database is opened by the server alone).");
  ensureSecrets();
  await openDatabase();
  const loop = startLoop(TASKS);
  console.log(`Worker running: ${TASKS.map((t) => t.name).join(", ")}`);
  const stop = async () => {
    await loop.stop();
    await closeDb();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(describeError(error, { stack: false }));
  process.exit(1);
});
