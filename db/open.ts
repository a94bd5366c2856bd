import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { installDb, openDriver, type Db } from "./client";
import { runMigrations } from "./migrate";

/**
 * In embedded mode (no DATABASE_URL) the console must run with no configuration: missing
 * AUTH_SECRET, ENCRYPTION_KEY and PLATFORM_TOKENS are generated once into the data folder,
 * and the user is told. With DATABASE_URL (a real deployment) the first two are required, and
 * so is RESEND_API_KEY: the development mailbox would show every sign-in link to whoever reads
 * it (docs/security.md). DEV_MAILBOX=on keeps it for a development database, with a warning.
 */
export function ensureSecrets(log: (line: string) => void = console.log) {
  const e = env();
  const required = (["AUTH_SECRET", "ENCRYPTION_KEY"] as const).filter((k) => !e[k]);
  if (e.DATABASE_URL) {
    if (required.length > 0) throw new Error(`Configuration error: ${required[0]} is required when DATABASE_URL is set (see .env.example)`);
    if (!e.RESEND_API_KEY && e.DEV_MAILBOX !== "on") {
      throw new Error("Configuration error: RESEND_API_KEY is required when DATABASE_URL is set (DEV_MAILBOX=on keeps mail in the development mailbox, for a development database only; see .env.example)");
    }
    if (!e.RESEND_API_KEY) log("Warning: DEV_MAILBOX=on: no email is sent; sign-in links and invitations land in the development mailbox (/dev/mailbox, loopback only). Never use this in production.");
    return;
  }
  // Embedded demo: also a platform token, so /keys/verify can be tried at once.
  const missing = [...required, ...(e.PLATFORM_TOKENS ? [] : (["PLATFORM_TOKENS"] as const))];
  if (missing.length === 0) return;
  const file = path.resolve(e.DATA_DIR, "secrets.json");
  const stored: Partial<Record<(typeof missing)[number], string>> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  const generate = {
    AUTH_SECRET: () => randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: () => randomBytes(32).toString("base64"),
    PLATFORM_TOKENS: () => `pt_${randomBytes(24).toString("base64url")}`,
  };
  const fresh = missing.filter((k) => !stored[k]);
  if (fresh.length > 0) {
    for (const k of fresh) stored[k] = generate[k]();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    log(`Generated ${fresh.join(", ")} into ${file} for this embedded setup. Set them in the environment for production.`);
  }
  for (const k of missing) {
    process.env[k] = stored[k];
    (e as Record<string, unknown>)[k] = stored[k];
  }
}

/** Opens the configured database for this process and applies pending migrations. */
export async function openDatabase(): Promise<Db> {
  const e = env();
  const driver = await openDriver({ databaseUrl: e.DATABASE_URL, dataDir: e.DATA_DIR });
  const db = await installDb(driver);
  try {
    await runMigrations();
  } catch (error) {
    throw new Error(`Migration failed: ${(error as Error).message}`, { cause: error });
  }
  return db;
}
