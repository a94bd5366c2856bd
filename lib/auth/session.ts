import { and, eq, gt } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { sessions, users } from "@/db/schema";
import type { Actor } from "@/lib/rbac";

// Auth.js keeps sessions in the database; its cookie holds the session token.
export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export type SessionUser = Extract<Actor, { type: "user" }>;

/** The signed-in user of a session token, or null for an unknown or expired session. */
export async function userForSessionToken(db: Queryable, token: string): Promise<SessionUser | null> {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.sessionToken, token), gt(sessions.expires, new Date())));
  return row ? { type: "user", userId: row.id, email: row.email, name: row.name } : null;
}

export async function userFromCookieHeader(db: Queryable, cookieHeader: string | null) {
  for (const name of SESSION_COOKIES) {
    const token = readCookie(cookieHeader, name);
    if (token) return userForSessionToken(db, token);
  }
  return null;
}
