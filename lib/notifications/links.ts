import { env } from "@/lib/env";

/** An absolute link into the console for emails: AUTH_URL is its public address (server.ts sets it when unset). */
export function consoleUrl(path: string): string {
  const base = (process.env.AUTH_URL ?? env().AUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");
  return `${base}${path}`;
}
