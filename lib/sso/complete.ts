import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { accounts, memberships, organizations, ssoConnections, ssoDomains, users, type SsoConnection } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import { issueSession, type IssuedSession } from "@/lib/auth/issue-session";
import { env } from "@/lib/env";
import { mayGrant } from "@/lib/members/guards";
import { getMember } from "@/lib/members/queries";
import { ORG_ROLE_RANK, type OrgRole } from "@/lib/rbac";
import type { RequestContext } from "@/lib/server/context";
import { newRequestId } from "@/lib/server/request";
import { connectionFingerprint } from "./connections";
import { safeReturnTo, type LoginState } from "./login-state";
import { SsoRefusal, type SsoRefusalReason } from "./refusals";
import { ASSIGNABLE_ROLES, type AssignableRole } from "./schemas";

/** What an identity provider said about the person, after its answer was verified. */
export type SsoProfile = { subject: string; email: string; emailVerified: boolean; name?: string | null; groups?: string[] };

export type SsoCompletion = { kind: "session"; session: IssuedSession; redirectTo: string } | { kind: "tested"; redirectTo: string };

/** The console test's outcome, carried back to the connection page in a signed query parameter. */
export type TestResult =
  | { ok: true; email: string; name: string | null; groups: string[]; role: OrgRole; domainVerified: boolean; at: number }
  | { ok: false; reason: SsoRefusalReason; detail: string; at: number };

const isAssignable = (role: unknown): role is AssignableRole => (ASSIGNABLE_ROLES as readonly unknown[]).includes(role);

/** The role the group mapping gives (the highest in lib/rbac's ranking), or null when no group of the person is mapped. */
export function mappedRole(conn: Pick<SsoConnection, "groupsClaim" | "groupRoleMapping">, groups: readonly string[] = []): AssignableRole | null {
  if (!conn.groupsClaim) return null;
  const roles = new Set(groups.map((g) => (Object.hasOwn(conn.groupRoleMapping, g) ? conn.groupRoleMapping[g] : undefined)));
  // owner is never granted through SSO, whatever a stored row says
  const held = ASSIGNABLE_ROLES.filter((r) => roles.has(r));
  return held.sort((a, b) => ORG_ROLE_RANK[b] - ORG_ROLE_RANK[a])[0] ?? null;
}

/**
 * Role after this sign-in. A newcomer gets the mapped role, else the default (never owner). An
 * existing member keeps theirs unless the mapping gives a role with nothing theirs lacks (a
 * demotion): SSO never raises anyone, and never touches an owner.
 */
export function roleAfterSignIn(conn: SsoConnection, current: OrgRole | null, groups: readonly string[] = []): OrgRole {
  const mapped = mappedRole(conn, groups);
  if (current === null) return mapped ?? (isAssignable(conn.defaultRole) ? conn.defaultRole : "member");
  return current !== "owner" && mapped && mayGrant(current, mapped) ? mapped : current;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

async function domainVerified(db: Queryable, organizationId: string, domain: string): Promise<boolean> {
  const [row] = await db
    .select({ id: ssoDomains.id })
    .from(ssoDomains)
    .where(and(eq(ssoDomains.organizationId, organizationId), eq(ssoDomains.domain, domain), isNotNull(ssoDomains.verifiedAt)));
  return Boolean(row);
}

async function orgOf(db: Queryable, id: string) {
  const [org] = await db.select({ id: organizations.id, slug: organizations.slug, name: organizations.name }).from(organizations).where(eq(organizations.id, id));
  if (!org) throw new SsoRefusal("CONNECTION_UNAVAILABLE", "The organization no longer exists.");
  return org;
}

/**
 * Completes a verified SSO answer: a console test records the test (no session, no
 * membership); a sign-in requires a verified domain, finds or creates the user and the
 * membership (JIT), applies the group mapping, links the identity and issues the session.
 */
export async function completeSsoSignIn(
  db: Queryable,
  input: { state: LoginState; connection: SsoConnection; profile: SsoProfile; ip: string | null; userAgent: string | null },
): Promise<SsoCompletion> {
  const { state, connection, profile } = input;
  if (state.connectionId !== connection.id) throw new SsoRefusal("STATE_INVALID", "The sign-in state belongs to another connection.");
  if (!profile.email || !profile.email.includes("@")) throw new SsoRefusal("EMAIL_MISSING");
  const email = profile.email.trim().toLowerCase();
  const org = await orgOf(db, connection.organizationId);
  const verified = await domainVerified(db, org.id, domainOf(email));
  const meta = { requestId: newRequestId(), ip: input.ip, userAgent: input.userAgent };

  if (state.purpose === "test") {
    if (!state.initiatedById) throw new SsoRefusal("STATE_INVALID", "A test sign-in must be started from the console.");
    return db.transaction(async (tx) => {
      const [tester] = await tx.select().from(users).where(eq(users.id, state.initiatedById!));
      const [testerMembership] = await tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.organizationId, org.id), eq(memberships.userId, state.initiatedById!)));
      if (!tester || !testerMembership) throw new SsoRefusal("STATE_INVALID", "The person who started the test is no longer a member.");
      const [existing] = await tx
        .select({ role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organizationId, org.id), eq(users.email, email)));
      const role = roleAfterSignIn(connection, existing?.role ?? null, profile.groups);
      const fingerprint = connectionFingerprint(connection);
      await tx
        .update(ssoConnections)
        .set({ testedAt: new Date(), testedById: tester.id, testedFingerprint: fingerprint })
        .where(eq(ssoConnections.id, connection.id));
      const ctx: RequestContext = {
        principal: { actor: { type: "user", userId: tester.id, email: tester.email, name: tester.name }, organizationId: org.id, role: testerMembership.role, projectRoles: new Map() },
        ...meta,
      };
      await recordChange(tx, ctx, {
        action: "security.sso_connection.tested",
        target: { type: "sso_connection", id: connection.id },
        changes: { result: "passed", email, groups: profile.groups ?? [], role, domainVerified: verified },
      });
      const result: TestResult = { ok: true, email, name: profile.name ?? null, groups: profile.groups ?? [], role, domainVerified: verified, at: Date.now() };
      return { kind: "tested" as const, redirectTo: testResultPath(org.slug, connection.id, result) };
    });
  }

  // An IdP may only sign in addresses of domains its organization proved it owns.
  if (!verified) throw new SsoRefusal("DOMAIN_NOT_VERIFIED", `${domainOf(email)} is not a verified domain of ${org.name}.`);

  return db.transaction(async (tx) => {
    let [user] = await tx.select().from(users).where(eq(users.email, email));
    if (!user) {
      [user] = await tx.insert(users).values({ email, name: profile.name ?? null, emailVerified: new Date() }).returning();
    } else if (!user.name && profile.name) {
      await tx.update(users).set({ name: profile.name }).where(eq(users.id, user.id));
    }
    const provider = `sso:${connection.id}`;
    await tx
      .insert(accounts)
      .values({ userId: user!.id, type: "oidc", provider, providerAccountId: profile.subject })
      .onConflictDoUpdate({ target: [accounts.provider, accounts.providerAccountId], set: { userId: user!.id } });

    const actor = { type: "user" as const, userId: user!.id, email, name: user!.name ?? profile.name ?? null };
    const [membership] = await tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.organizationId, org.id), eq(memberships.userId, user!.id)))
      .for("update");
    const role = roleAfterSignIn(connection, membership?.role ?? null, profile.groups);
    const ctx: RequestContext = { principal: { actor, organizationId: org.id, role, projectRoles: new Map() }, ...meta };
    if (!membership) {
      await tx.insert(memberships).values({ organizationId: org.id, userId: user!.id, role, joinedVia: "sso" });
      const member = await getMember(tx, org.id, user!.id);
      await recordChange(tx, ctx, {
        action: "member.joined",
        target: { type: "member", id: user!.id },
        changes: { email, role, joinedVia: "sso", ssoConnectionId: connection.id },
        event: { type: "member.joined", data: { member, invitationId: null } },
      });
    } else if (membership.role !== role) {
      await tx.update(memberships).set({ role }).where(eq(memberships.id, membership.id));
      const member = await getMember(tx, org.id, user!.id);
      const changes = { role: { from: membership.role, to: role } };
      await recordChange(tx, ctx, {
        action: "member.role_changed",
        target: { type: "member", id: user!.id },
        changes: { ...changes, reason: "sso_group_mapping", ssoConnectionId: connection.id },
        event: { type: "member.role_changed", data: { member, previousRole: membership.role, changes } },
      });
    }
    const session = await issueSession(tx, {
      userId: user!.id,
      method: connection.protocol === "saml" ? "saml" : "oidc",
      ssoConnectionId: connection.id,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    return { kind: "session" as const, session, redirectTo: safeReturnTo(state.returnTo) ?? `/${org.slug}` };
  });
}

/**
 * Where a refused console test goes: back to its connection page with the reason. Null when
 * the state was not a test (the caller then shows /sso/error).
 */
export async function testFailureRedirect(db: Queryable, state: LoginState | null, connection: SsoConnection | null, refusal: SsoRefusal): Promise<string | null> {
  if (!state || state.purpose !== "test") return null;
  const [row] = await db
    .select({ slug: organizations.slug })
    .from(ssoConnections)
    .innerJoin(organizations, eq(organizations.id, ssoConnections.organizationId))
    .where(eq(ssoConnections.id, connection?.id ?? state.connectionId));
  if (!row) return null;
  return testResultPath(row.slug, state.connectionId, { ok: false, reason: refusal.reason, detail: refusal.detail.slice(0, 500), at: Date.now() });
}

// --- the signed test result -------------------------------------------------------------

function resultKey(): Buffer {
  const g = globalThis as { __anyintSsoResultKey?: Buffer };
  const secret = env().AUTH_SECRET ?? process.env.AUTH_SECRET;
  if (secret) return createHmac("sha256", secret).update("sso-test-result").digest();
  return (g.__anyintSsoResultKey ??= randomBytes(32));
}

function sign(connectionId: string, payload: string): string {
  return createHmac("sha256", resultKey()).update(`${connectionId}.${payload}`).digest("base64url");
}

export function testResultPath(orgSlug: string, connectionId: string, result: TestResult): string {
  const payload = Buffer.from(JSON.stringify(result)).toString("base64url");
  return `/${orgSlug}/security/sso/${connectionId}?test=${payload}.${sign(connectionId, payload)}`;
}

/** The test result of a connection page's `test` parameter, if its signature holds and it is under 10 minutes old. */
export function readTestResult(connectionId: string, param: string | undefined): TestResult | null {
  if (!param) return null;
  const [payload, signature] = param.split(".");
  if (!payload || !signature) return null;
  const expected = Buffer.from(sign(connectionId, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const result = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as TestResult;
    return Date.now() - result.at < 10 * 60 * 1000 ? result : null;
  } catch {
    return null;
  }
}

