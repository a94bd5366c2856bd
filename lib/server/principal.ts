import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { adminKeys, memberships, projectMembers, roles } from "@/db/schema";
import { hashSecret, isWellFormed } from "@/lib/keys/format";
import type { SessionUser, SignedIn } from "@/lib/auth/session";
import { AppError } from "@/lib/core/errors";
import { enforceSessionPolicy, type SessionEnded } from "@/lib/security/sessions";
import type { CustomGrant, Principal, ProjectRole } from "@/lib/rbac";
import { customGrant } from "@/lib/roles/grants";

/** The custom role a holder row names, read in the same query (a role's change holds from the next request). */
const roleColumns = { id: roles.id, name: roles.name, permissions: roles.permissions };
const grantOf = (r: { id: string; name: string; permissions: string[] } | null): CustomGrant | null => (r ? customGrant(r) : null);

/**
 * A user's principal in one organization, or null when they are not a member, or when their
 * session was signed in through another organization's SSO connection (valid there only).
 */
export async function principalForUser(db: Queryable, user: SessionUser, organizationId: string): Promise<Principal | null> {
  if (user.boundOrganizationId !== undefined && user.boundOrganizationId !== organizationId) return null;
  const [m] = await db
    .select({ role: memberships.role, custom: roleColumns })
    .from(memberships)
    .leftJoin(roles, eq(roles.id, memberships.customRoleId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, user.userId)));
  if (!m) return null;
  const rows = await db
    .select({ projectId: projectMembers.projectId, role: projectMembers.role, custom: roleColumns })
    .from(projectMembers)
    .leftJoin(roles, eq(roles.id, projectMembers.customRoleId))
    .where(and(eq(projectMembers.organizationId, organizationId), eq(projectMembers.userId, user.userId)));
  const projectRoles = new Map<string, ProjectRole | CustomGrant>();
  for (const r of rows) {
    const role = r.role ?? grantOf(r.custom);
    if (role) projectRoles.set(r.projectId, role);
  }
  return {
    actor: { type: "user", userId: user.userId, email: user.email, name: user.name },
    organizationId,
    role: m.role,
    customRole: grantOf(m.custom),
    projectRoles,
  };
}

const LAST_USED_INTERVAL_MS = 60_000;

/** The principal of an admin key secret, or null for anything that is not a live admin key. */
export async function principalForAdminKey(db: Queryable, secret: string): Promise<Principal | null> {
  if (!isWellFormed(secret, "admin")) return null;
  const now = new Date();
  const [found] = await db
    .select({ key: adminKeys, custom: roleColumns })
    .from(adminKeys)
    .leftJoin(roles, eq(roles.id, adminKeys.customRoleId))
    .where(
      and(
        eq(adminKeys.secretHash, hashSecret(secret)),
        isNull(adminKeys.revokedAt),
        or(isNull(adminKeys.expiresAt), gt(adminKeys.expiresAt, now)),
      ),
    );
  if (!found) return null;
  const key = found.key;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_INTERVAL_MS) {
    // Coarse last-used tracking: at most one write per key per minute.
    await db
      .update(adminKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(adminKeys.id, key.id),
          or(isNull(adminKeys.lastUsedAt), lt(adminKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_INTERVAL_MS))),
        ),
      );
  }
  return {
    actor: { type: "admin_key", keyId: key.id, name: key.name },
    organizationId: key.organizationId,
    role: key.role,
    customRole: grantOf(found.custom),
    projectRoles: new Map(),
  };
}

/** How a signed-in person's request into an organization resolved. */
export type SessionResolution<O extends { id: string; slug: string }> =
  | { ok: true; user: SessionUser; org: O; principal: Principal }
  | { ok: false; reason: "signed-out" }
  | { ok: false; reason: "not-member" }
  | { ok: false; reason: "session-ended"; ended: SessionEnded };

/**
 * The one resolution of a session request into an organization, for server actions, console
 * routes, the Admin API's session branch and pages: signed in → the organization exists and the
 * person is its member (or was signed in through its SSO) → its session policy keeps the session.
 * Each caller turns a refusal into its own answer (an error envelope, a redirect, a 404).
 */
export async function resolveSession<O extends { id: string; slug: string }>(
  db: Queryable,
  signedIn: SignedIn | null,
  org: O | null | undefined,
): Promise<SessionResolution<O>> {
  if (!signedIn) return { ok: false, reason: "signed-out" };
  const principal = org ? await principalForUser(db, signedIn.user, org.id) : null;
  if (!org || !principal) return { ok: false, reason: "not-member" };
  const ended = await enforceSessionPolicy(db, signedIn.session, org);
  if (ended) return { ok: false, reason: "session-ended", ended };
  return { ok: true, user: signedIn.user, org, principal };
}

/** A refusal of resolveSession as the error the wrappers answer with. */
export function sessionRefusal(r: Exclude<SessionResolution<{ id: string; slug: string }>, { ok: true }>): AppError {
  if (r.reason === "signed-out") return new AppError("UNAUTHORIZED", "Your session has ended. Sign in again.");
  if (r.reason === "not-member") return new AppError("NOT_FOUND", "Organization was not found.");
  return new AppError("UNAUTHORIZED", r.ended.message);
}
