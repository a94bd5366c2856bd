import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { accounts, memberships, organizations, ssoConnections, ssoDomains, users, type SsoConnection } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import { issueSession, type IssuedSession } from "@/lib/auth/issue-session";
import { env } from "@/lib/env";
import { getMember, roleRef } from "@/lib/members/queries";
import { grantLabel, grantOrder, grantRef, isCustomRoleId, mayGrant, type CustomGrant, type OrgRoleRef, type RoleGrant } from "@/lib/rbac";
import { customGrant, customRolesById, storedRole } from "@/lib/roles/grants";
import type { RequestContext } from "@/lib/core/context";
import { newRequestId } from "@/lib/core/request";
import { connectionFingerprint } from "./connections";
import { safeReturnTo, type LoginState } from "./login-state";
import { SsoRefusal, type SsoRefusalReason } from "./refusals";
import { ASSIGNABLE_ROLES, type AssignableRole } from "./schemas";

/** What an identity provider said about the person, after its answer was verified. */
export type SsoProfile = { subject: string; email: string; emailVerified: boolean; name?: string | null; groups?: string[] };

export type SsoCompletion = { kind: "session"; session: IssuedSession; redirectTo: string } | { kind: "tested"; redirectTo: string };

/** The console test's outcome, carried back to the connection page in a signed query parameter. */
export type TestResult =
  | { ok: true; email: string; name: string | null; groups: string[]; role: OrgRoleRef; roleName: string; domainVerified: boolean; at: number }
  | { ok: false; reason: SsoRefusalReason; detail: string; at: number };

const isAssignable = (role: unknown): role is AssignableRole => (ASSIGNABLE_ROLES as readonly unknown[]).includes(role);

/** Custom roles of the organization by id, as SSO mappings and members name them. */
export type CustomRoles = ReadonlyMap<string, CustomGrant>;

/** A role as stored or mapped → its grant; null for owner (never granted through SSO) and unknown ids. */
function grantOf(ref: string, custom: CustomRoles): RoleGrant | null {
  if (isCustomRoleId(ref)) {
    const role = custom.get(ref);
    return role ? { role: "member", custom: role } : null;
  }
  return isAssignable(ref) ? { role: ref, custom: null } : null;
}

/**
 * The role the group mapping gives (the highest in lib/rbac's order: built-in by rank, custom
 * roles just above member), or null when no group of the person is mapped.
 */
export function mappedRole(conn: Pick<SsoConnection, "groupsClaim" | "groupRoleMapping">, groups: readonly string[] = [], custom: CustomRoles = new Map()): OrgRoleRef | null {
  if (!conn.groupsClaim) return null;
  const held = groups
    .map((g) => (Object.hasOwn(conn.groupRoleMapping, g) ? grantOf(conn.groupRoleMapping[g]!, custom) : null))
    .filter((g): g is RoleGrant => g !== null);
  const best = held.sort((a, b) => grantOrder(b) - grantOrder(a))[0];
  return best ? grantRef(best) : null;
}

/**
 * Role after this sign-in. A newcomer gets the mapped role, else the default (never owner). An
 * existing member keeps theirs unless the mapping gives a role with nothing theirs lacks (a
 * demotion): SSO never raises anyone, and never touches an owner.
 */
export function roleAfterSignIn(conn: SsoConnection, current: OrgRoleRef | null, groups: readonly string[] = [], custom: CustomRoles = new Map()): OrgRoleRef {
  const mapped = mappedRole(conn, groups, custom);
  if (current === null) return mapped ?? (isAssignable(conn.defaultRole) ? conn.defaultRole : "member");
  if (current === "owner" || !mapped) return current;
  const mine = isCustomRoleId(current) ? { role: "member" as const, customRole: custom.get(current) ?? null } : { role: current, customRole: null };
  return mayGrant(mine, grantOf(mapped, custom)!) ? mapped : current;
}

/** The custom roles a connection's mapping and a member's current role name, loaded once. */
async function customRolesFor(db: Queryable, organizationId: string, conn: SsoConnection, current: string | null): Promise<CustomRoles> {
  const ids = [...Object.values(conn.groupRoleMapping), current ?? ""].filter(isCustomRoleId);
  const rows = await customRolesById(db, organizationId, ids);
  return new Map([...rows.values()].filter((r) => r.scope === "organization").map((r) => [r.id, customGrant(r)]));
}

const labelOf = (ref: OrgRoleRef, custom: CustomRoles) => grantLabel(grantOf(ref, custom) ?? { role: "member", custom: null });

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
        .select({ role: memberships.role, customRoleId: memberships.customRoleId })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organizationId, org.id), eq(users.email, email)));
      const current = existing ? roleRef(existing.role, existing.customRoleId) : null;
      const custom = await customRolesFor(tx, org.id, connection, current);
      const role = roleAfterSignIn(connection, current, profile.groups, custom);
      const fingerprint = connectionFingerprint(connection);
      await tx
        .update(ssoConnections)
        .set({ testedAt: new Date(), testedById: tester.id, testedFingerprint: fingerprint })
        .where(eq(ssoConnections.id, connection.id));
      const ctx: RequestContext = {
        principal: { actor: { type: "user", userId: tester.id, email: tester.email, name: tester.name }, organizationId: org.id, role: testerMembership.role, customRole: null, projectRoles: new Map() },
        ...meta,
      };
      await recordChange(tx, ctx, {
        action: "security.sso_connection.tested",
        target: { type: "sso_connection", id: connection.id },
        changes: { result: "passed", email, groups: profile.groups ?? [], role, domainVerified: verified },
      });
      const result: TestResult = { ok: true, email, name: profile.name ?? null, groups: profile.groups ?? [], role, roleName: labelOf(role, custom), domainVerified: verified, at: Date.now() };
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
    const current = membership ? roleRef(membership.role, membership.customRoleId) : null;
    const custom = await customRolesFor(tx, org.id, connection, current);
    const role = roleAfterSignIn(connection, current, profile.groups, custom);
    const grant = grantOf(role, custom) ?? { role: "owner" as const, custom: null }; // only an owner's own role is not SSO's to give
    const ctx: RequestContext = { principal: { actor, organizationId: org.id, role: grant.role, customRole: grant.custom, projectRoles: new Map() }, ...meta };
    if (!membership) {
      await tx.insert(memberships).values({ organizationId: org.id, userId: user!.id, ...storedRole(grant), joinedVia: "sso" });
      const member = await getMember(tx, org.id, user!.id);
      await recordChange(tx, ctx, {
        action: "member.joined",
        target: { type: "member", id: user!.id },
        changes: { email, role, joinedVia: "sso", ssoConnectionId: connection.id },
        event: { type: "member.joined", data: { member, invitationId: null } },
      });
    } else if (current !== role) {
      await tx.update(memberships).set(storedRole(grant)).where(eq(memberships.id, membership.id));
      const member = await getMember(tx, org.id, user!.id);
      const changes = { role: { from: current, to: role } };
      await recordChange(tx, ctx, {
        action: "member.role_changed",
        target: { type: "member", id: user!.id },
        changes: { ...changes, reason: "sso_group_mapping", ssoConnectionId: connection.id },
        event: { type: "member.role_changed", data: { member, previousRole: current, changes } },
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

