import { randomBytes } from "node:crypto";
import type { Queryable } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { eq } from "drizzle-orm";

// Console sessions made outside Auth.js's own flows (SSO callbacks, break-glass recovery codes).
// They are the same database rows and cookie Auth.js uses, so every other part of the console
// (session lookup, listing, ending) treats them alike.

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export type SessionMethod = "magic_link" | "oidc" | "saml" | "recovery_code";

export type IssuedSession = { token: string; expires: Date };

export async function issueSession(
  db: Queryable,
  input: { userId: string; method: SessionMethod; ssoConnectionId?: string | null; ip?: string | null; userAgent?: string | null },
): Promise<IssuedSession> {
  const token = randomBytes(32).toString("hex");
  const expires = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  await db.insert(sessions).values({
    sessionToken: token,
    userId: input.userId,
    expires,
    method: input.method,
    ssoConnectionId: input.ssoConnectionId ?? null,
    ip: input.ip ?? null,
    userAgent: input.userAgent ? input.userAgent.slice(0, 512) : null,
  });
  await db.update(users).set({ lastSignInAt: new Date(), emailVerified: new Date() }).where(eq(users.id, input.userId));
  return { token, expires };
}

/** Auth.js's cookie name: the `__Secure-` form when the console is served over https. */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Secure-authjs.session-token" : "authjs.session-token";
}

/** A `Set-Cookie` value for an issued session (HttpOnly, SameSite=Lax, Secure over https). */
export function sessionSetCookie(session: IssuedSession, secure: boolean): string {
  const parts = [
    `${sessionCookieName(secure)}=${session.token}`,
    "Path=/",
    `Expires=${session.expires.toUTCString()}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** Whether the console is served over https (decides the cookie name and the Secure flag). */
export function consoleIsSecure(): boolean {
  return (process.env.AUTH_URL ?? "").startsWith("https:");
}
