import { createServer } from "node:http";
import next from "next";
import { closeDb, currentDriver } from "@/db/client";
import { ensureSecrets, openDatabase } from "@/db/open";
import { seedDemo } from "@/db/seed";
import { env } from "@/lib/env";
import { startLoop } from "@/lib/jobs/loop";
import { TASKS } from "@/lib/jobs/tasks";
import { subscribeToKeyChanges } from "@/lib/keys/invalidation";
import { keyFilter } from "@/lib/keys/key-filter";
import { lastUsed } from "@/lib/keys/last-used";
import { serveHotPath } from "@/lib/server/hot-path";
import { limitRequestBody, refuseUnstorableUrl, stampClientIp } from "@/lib/server/node-edge";

// The console's one process: opens the database (the process's singleton), applies
// migrations, seeds the demo organization in embedded mode, then serves Next.js. The
// platform's hot path (key verification, usage) is answered here before Next.js routing.
async function main() {
  const e = env();
  ensureSecrets();
  process.env.AUTH_URL ??= `http://${e.HOSTNAME === "0.0.0.0" ? "localhost" : e.HOSTNAME}:${e.PORT}`;
  process.env.AUTH_TRUST_HOST ??= "true";

  const db = await openDatabase();
  console.log(`Database: ${e.DATABASE_URL ? "PostgreSQL" : `embedded PGlite in ${e.DATA_DIR}`}; migrations applied.`);
  if (e.SEED_DEMO === "on" && !e.DATABASE_URL) {
    const demo = await seedDemo(db);
    if (demo.created) console.log(`Seeded the demo organization "${demo.slug}"; sign in as ${demo.ownerEmail}.`);
  }

  // Other nodes' key changes reach this node's verification cache within a second.
  const driver = currentDriver();
  if (driver.kind === "postgres") await subscribeToKeyChanges(driver.client);
  // Unknown keys are answered from a filter of every known secret hash, loaded in the background.
  keyFilter().start();

  const app = next({ dev: false, hostname: e.HOSTNAME, port: e.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    if (serveHotPath(req, res)) return;
    // docs/security.md, "Entry points": one client IP, bounded bodies, storable addresses
    stampClientIp(req);
    if (refuseUnstorableUrl(req, res) || !limitRequestBody(req, res)) return;
    void handle(req, res);
  });
  const loop = e.BACKGROUND_JOBS === "on" ? startLoop(TASKS) : null;
  server.listen(e.PORT, e.HOSTNAME, () => {
    console.log(`AnyInt Console ready on ${process.env.AUTH_URL}`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    setTimeout(() => process.exit(1), 10_000).unref(); // never hang on the way out
    server.close();
    server.closeAllConnections();
    await loop?.stop();
    await lastUsed().flush();
    await closeDb();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
