import { createHash } from "node:crypto";
import { and, desc, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { memberships, securityPolicies, sessions, users } from "@/db/schema";
import { diff, recordChange } from "@/lib/audit/record";
import type { SessionInfo } from "@/lib/auth/session";
import type { RequestContext } from "@/lib/core/context";
import { AppError, invalid } from "@/lib/core/errors";
import { sessionEndedMessage, type SessionEndReason, type SessionPolicyInput } from "./session-policy";
import { deviceSummary } from "./user-agent";

// Console sessions belong to a user, not to an organization: one session serves every
// organization the person belongs to. Ending a session (here or by a policy) signs the
// person out everywhere.

export type SessionPolicyView = { sessionMaxAgeSeconds: number | null; sessionIdleTimeoutSeconds: number | null };

export async function sessionPolicyOf(db: Queryable, organizationId: string): Promise<SessionPolicyView> {
  const [row] = await db
    .select({ sessionMaxAgeSeconds: securityPolicies.sessionMaxAgeSeconds, sessionIdleTimeoutSeconds: securityPolicies.sessionIdleTimeoutSeconds })
    .from(securityPolicies)
    .where(eq(securityPolicies.organizationId, organizationId));
  return row ?? { sessionMaxAgeSeconds: null, sessionIdleTimeoutSeconds: null };
}

/** Sets the organization's session policy (only its two columns: SSO enforcement is not touched). */
export async function updateSessionPolicy(tx: Queryable, ctx: RequestContext, input: SessionPolicyInput) {
  const organizationId = ctx.principal.organizationId;
  const before = await sessionPolicyOf(tx, organizationId);
  const changes = diff(before, input);
  await tx
    .insert(securityPolicies)
    .values({ organizationId, ...input })
    .onConflictDoUpdate({ target: securityPolicies.organizationId, set: { ...input, updatedAt: new Date() } });
  if (Object.keys(changes).length > 0) {
    await recordChange(tx, ctx, {
      action: "security.policy.updated",
      target: { type: "session_policy", id: organizationId },
      changes,
      event: { type: "security.policy.updated", data: { policy: "sessions", sessionPolicy: { ...input }, changes } },
    });
  }
  return { ...input };
}

export type SessionEnded = { reason: SessionEndReason; seconds: number; message: string };

/**
 * Applies the organization's session policy to a request into it: a session older than the
 * maximum age, or idle longer than the idle timeout, is deleted (everywhere) and the reason
 * returned. `session.lastActiveAt` is the value read before this request noted its activity.
 */
export async function enforceSessionPolicy(
  db: Queryable,
  session: SessionInfo,
  org: { id: string; slug: string },
  now = new Date(),
): Promise<SessionEnded | null> {
  const policy = await sessionPolicyOf(db, org.id);
  let ended: { reason: SessionEndReason; seconds: number } | null = null;
  const { sessionMaxAgeSeconds: maxAge, sessionIdleTimeoutSeconds: idle } = policy;
  if (maxAge !== null && now.getTime() - session.createdAt.getTime() > maxAge * 1000) ended = { reason: "session_max_age", seconds: maxAge };
  else if (idle !== null && now.getTime() - session.lastActiveAt.getTime() > idle * 1000) ended = { reason: "session_idle", seconds: idle };
  if (!ended) return null;
  await db.delete(sessions).where(eq(sessions.sessionToken, session.token));
  return { ...ended, message: sessionEndedMessage(ended.reason, org.slug, ended.seconds) };
}

/** A session's public id: never the token itself (which is the credential), a hash of it. */
export function sessionPublicId(token: string): string {
  return `ses_${createHash("sha256").update(token).digest("hex").slice(0, 32)}`;
}

export type SessionView = {
  id: string;
  userId: string;
  email: string;
  name: string | null;
  method: string;
  device: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastActiveAt: string;
  expiresAt: string;
  /** the session of the request that asked */
  current: boolean;
};

type Scope = { userId: string } | { organizationId: string };

const sessionColumns = {
  token: sessions.sessionToken,
  userId: sessions.userId,
  email: users.email,
  name: users.name,
  method: sessions.method,
  ip: sessions.ip,
  userAgent: sessions.userAgent,
  createdAt: sessions.createdAt,
  lastActiveAt: sessions.lastActiveAt,
  expires: sessions.expires,
};

async function sessionRows(db: Queryable, scope: Scope) {
  const live = gt(sessions.expires, new Date());
  const base = db.select(sessionColumns).from(sessions).innerJoin(users, eq(users.id, sessions.userId));
  const rows =
    "userId" in scope
      ? await base.where(and(eq(sessions.userId, scope.userId), live)).orderBy(desc(sessions.lastActiveAt))
      : await base
          .innerJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.organizationId, scope.organizationId)))
          .where(live)
          .orderBy(desc(sessions.lastActiveAt));
  return rows;
}

type SessionRow = Awaited<ReturnType<typeof sessionRows>>[number];

function sessionView(r: SessionRow, currentToken: string | null | undefined): SessionView {
  return {
    id: sessionPublicId(r.token),
    userId: r.userId,
    email: r.email,
    name: r.name,
    method: r.method,
    device: deviceSummary(r.userAgent),
    userAgent: r.userAgent,
    ip: r.ip,
    createdAt: r.createdAt.toISOString(),
    lastActiveAt: r.lastActiveAt.toISOString(),
    expiresAt: r.expires.toISOString(),
    current: !!currentToken && r.token === currentToken,
  };
}

/** Live sessions of a user, or of every member of an organization; most recently active first. */
export async function listSessions(db: Queryable, scope: Scope, opts: { currentToken?: string | null } = {}): Promise<SessionView[]> {
  return (await sessionRows(db, scope)).map((r) => sessionView(r, opts.currentToken));
}

// The Admin API pages through members' sessions newest first. Activity reorders sessions
// between pages, creation does not: the cursor is the last row's creation time (to the
// millisecond, as JavaScript keeps it) and public id, both computed in SQL.
const createdMs = sql`date_trunc('milliseconds', ${sessions.createdAt})`;
const publicHex = sql<string>`left(encode(sha256(convert_to(${sessions.sessionToken}, 'UTF8')), 'hex'), 32)`;

function parseSessionCursor(cursor: string): { createdAt: string; hex: string } {
  const [createdAt, hex] = Buffer.from(cursor, "base64url").toString("utf8").split("~");
  if (!createdAt || !hex || !/^[0-9a-f]{32}$/.test(hex) || Number.isNaN(Date.parse(createdAt))) {
    throw invalid("cursor", "is not a cursor from a previous page");
  }
  return { createdAt: new Date(createdAt).toISOString(), hex };
}

/** One page of the organization's members' live sessions, newest first. */
export async function listOrganizationSessionsPage(
  db: Queryable,
  organizationId: string,
  opts: { limit: number; cursor?: string; currentToken?: string | null },
): Promise<{ data: SessionView[]; nextCursor: string | null }> {
  const after = opts.cursor ? parseSessionCursor(opts.cursor) : null;
  const rows = await db
    .select(sessionColumns)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.organizationId, organizationId)))
    .where(and(gt(sessions.expires, new Date()), after ? sql`(${createdMs}, ${publicHex}) < (${after.createdAt}::timestamptz, ${after.hex})` : undefined))
    .orderBy(desc(createdMs), desc(publicHex))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit).map((r) => sessionView(r, opts.currentToken));
  const last = page.at(-1);
  const nextCursor = rows.length > opts.limit && last ? Buffer.from(`${last.createdAt}~${last.id.slice(4)}`).toString("base64url") : null;
  return { data: page, nextCursor };
}

/**
 * Ends one session: `own` for the caller's own sessions (every member), `organization` for
 * any member's session (security.manage, checked by the caller's wrapper). Another user's
 * session, or one of someone outside the organization, is "not found".
 */
export async function endSession(tx: Queryable, ctx: RequestContext, input: { sessionId: string; scope: "own" | "organization" }) {
  const actor = ctx.principal.actor;
  // an admin key has no sessions of its own, but may end members' sessions (Admin API)
  if (input.scope === "own" && actor.type !== "user") throw new AppError("FORBIDDEN", "Only a signed-in member ends their own sessions.");
  const scope: Scope = input.scope === "own" && actor.type === "user" ? { userId: actor.userId } : { organizationId: ctx.principal.organizationId };
  const row = (await sessionRows(tx, scope)).find((r) => sessionPublicId(r.token) === input.sessionId);
  if (!row) throw new AppError("NOT_FOUND", "Session was not found: it may have ended already.");
  await tx.delete(sessions).where(eq(sessions.sessionToken, row.token));
  const someoneElse = actor.type !== "user" || row.userId !== actor.userId;
  await recordChange(tx, ctx, {
    action: "security.session.ended",
    target: { type: "session", id: input.sessionId },
    changes: { userId: row.userId, email: row.email, method: row.method, ip: row.ip, device: deviceSummary(row.userAgent) },
    event: someoneElse ? { type: "security.sessions.revoked", data: { userIds: [row.userId], revokedSessions: 1 } } : undefined,
  });
  return { id: input.sessionId, userId: row.userId };
}

/** Ends the caller's own sessions except the one making the request. */
export async function endOtherOwnSessions(tx: Queryable, ctx: RequestContext, currentToken: string | null) {
  const actor = ctx.principal.actor;
  if (actor.type !== "user") throw new AppError("FORBIDDEN", "Only a signed-in member ends sessions.");
  const ended = await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, actor.userId), currentToken ? ne(sessions.sessionToken, currentToken) : undefined))
    .returning({ token: sessions.sessionToken });
  if (ended.length > 0) {
    await recordChange(tx, ctx, {
      action: "security.own_sessions.ended",
      target: { type: "user", id: actor.userId },
      changes: { endedSessions: ended.length },
    });
  }
  return { endedSessions: ended.length };
}

/**
 * Ends every session of every member of the organization, except the caller's current one
 * (the caller's other sessions end too). Members are signed out of every organization.
 */
export async function endAllSessions(tx: Queryable, ctx: RequestContext, opts: { exceptToken?: string | null } = {}) {
  const organizationId = ctx.principal.organizationId;
  const members = tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.organizationId, organizationId));
  const ended = await tx
    .delete(sessions)
    .where(and(inArray(sessions.userId, members), opts.exceptToken ? ne(sessions.sessionToken, opts.exceptToken) : undefined))
    .returning({ userId: sessions.userId });
  const userIds = [...new Set(ended.map((e) => e.userId))].sort();
  await recordChange(tx, ctx, {
    action: "security.sessions.revoked",
    target: { type: "organization", id: organizationId },
    changes: { revokedSessions: ended.length, userIds },
    event: { type: "security.sessions.revoked", data: { userIds, revokedSessions: ended.length } },
  });
  return { revokedSessions: ended.length, userIds };
}
