import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { sessions, ssoConnections, users } from "@/db/schema";
import type { Actor } from "@/lib/rbac";
import { logUnexpected } from "@/lib/core/log-error";
import { newRequestId } from "@/lib/core/request";

// Auth.js keeps sessions in the database; its cookie holds the session token.
export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

/** A cookie value with its percent-encoding undone; a malformed one is no cookie (a client wrote it). */
function decodeCookieValue(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeCookieValue(part.slice(eq + 1).trim());
  }
  return null;
}

/** The session token carried by a Cookie header, or null. */
export function sessionTokenFromCookieHeader(cookieHeader: string | null): string | null {
  for (const name of SESSION_COOKIES) {
    const token = readCookie(cookieHeader, name);
    if (token) return token;
  }
  return null;
}

export type SessionUser = Extract<Actor, { type: "user" }> & {
  /** set for a session signed in through an organization's SSO connection: it is valid in that organization only */
  boundOrganizationId?: string;
};

/** The session row of a request, as the session policy needs it (never sent to a browser: it holds the token). */
export type SessionInfo = { token: string; createdAt: Date; lastActiveAt: Date };

export type SignedIn = { user: SessionUser; session: SessionInfo };

/** Where the request came from, to fill a session's IP and device when Auth.js left them empty. */
export type RequestMeta = { ip?: string | null; userAgent?: string | null };

/** lastActiveAt is written at most once a minute per session. */
export const TOUCH_INTERVAL_MS = 60_000;

/**
 * The signed-in user and session of a session token, or null for an unknown or expired
 * session. Notes activity (lastActiveAt, and the IP and user agent when empty) at most once
 * a minute, without waiting for the write: this runs on every console request.
 */
export async function lookupSession(db: Queryable, token: string, meta: RequestMeta = {}): Promise<SignedIn | null> {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      createdAt: sessions.createdAt,
      lastActiveAt: sessions.lastActiveAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      ssoConnectionId: sessions.ssoConnectionId,
      boundOrganizationId: ssoConnections.organizationId,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(ssoConnections, eq(ssoConnections.id, sessions.ssoConnectionId))
    .where(and(eq(sessions.sessionToken, token), gt(sessions.expires, new Date())));
  // A session of a deleted SSO connection is bound to nothing: it has ended.
  if (!row || (row.ssoConnectionId && !row.boundOrganizationId)) return null;
  const stale = Date.now() - row.lastActiveAt.getTime() >= TOUCH_INTERVAL_MS;
  const fill = (!row.ip && !!meta.ip) || (!row.userAgent && !!meta.userAgent);
  if (stale || fill) {
    touchSession(db, token, meta).catch((error: unknown) => logUnexpected(newRequestId(), "noting session activity", error));
  }
  return {
    user: { type: "user", userId: row.id, email: row.email, name: row.name, ...(row.boundOrganizationId ? { boundOrganizationId: row.boundOrganizationId } : {}) },
    session: { token, createdAt: row.createdAt, lastActiveAt: row.lastActiveAt },
  };
}

/** One statement; a concurrent request of the same minute finds nothing left to do. */
export async function touchSession(db: Queryable, token: string, meta: RequestMeta = {}) {
  const cutoff = new Date(Date.now() - TOUCH_INTERVAL_MS);
  await db
    .update(sessions)
    .set({
      lastActiveAt: sql`greatest(${sessions.lastActiveAt}, now())`,
      ip: sql`coalesce(${sessions.ip}, ${meta.ip ?? null})`,
      userAgent: sql`coalesce(${sessions.userAgent}, ${meta.userAgent ? meta.userAgent.slice(0, 512) : null})`,
    })
    .where(
      and(
        eq(sessions.sessionToken, token),
        or(
          lt(sessions.lastActiveAt, cutoff),
          meta.ip ? isNull(sessions.ip) : undefined,
          meta.userAgent ? isNull(sessions.userAgent) : undefined,
        ),
      ),
    );
}

/** The signed-in user and session of a Cookie header, or null. */
export async function sessionFromCookieHeader(db: Queryable, cookieHeader: string | null, meta: RequestMeta = {}) {
  const token = sessionTokenFromCookieHeader(cookieHeader);
  return token ? lookupSession(db, token, meta) : null;
}

/** The signed-in user of a session token, or null for an unknown or expired session. */
export async function userForSessionToken(db: Queryable, token: string): Promise<SessionUser | null> {
  return (await lookupSession(db, token))?.user ?? null;
}

export async function userFromCookieHeader(db: Queryable, cookieHeader: string | null, meta: RequestMeta = {}) {
  return (await sessionFromCookieHeader(db, cookieHeader, meta))?.user ?? null;
}
