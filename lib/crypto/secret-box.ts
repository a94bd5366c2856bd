import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

// Secrets the console must read back (webhook signing secrets, identity-provider client
// secrets) are stored sealed with AES-256-GCM under ENCRYPTION_KEY: "v1.<iv>.<tag>.<data>",
// each part base64url. GCM's tag makes any change to the stored text fail to open.
const VERSION = "v1";

function key(): Buffer {
  const configured = env().ENCRYPTION_KEY;
  if (!configured) throw new Error("Configuration error: ENCRYPTION_KEY is required to store secrets (see .env.example)");
  return Buffer.from(configured, "base64");
}

export function seal(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), data].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function open(sealed: string): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error("Not a sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
