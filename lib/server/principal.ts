import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { adminKeys, memberships, projectMembers } from "@/db/schema";
import { hashSecret, isWellFormed } from "@/lib/keys/format";
import type { SessionUser } from "@/lib/auth/session";
import type { Principal } from "@/lib/rbac";
import type { ProjectRole } from "@/lib/rbac";

/**
 * A user's principal in one organization, or null when they are not a member, or when their
 * session was signed in through another organization's SSO connection (valid there only).
 */
export async function principalForUser(db: Queryable, user: SessionUser, organizationId: string): Promise<Principal | null> {
  if (user.boundOrganizationId !== undefined && user.boundOrganizationId !== organizationId) return null;
  const [m] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, user.userId)));
  if (!m) return null;
  const rows = await db
    .select({ projectId: projectMembers.projectId, role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.organizationId, organizationId), eq(projectMembers.userId, user.userId)));
  return {
    actor: { type: "user", userId: user.userId, email: user.email, name: user.name },
    organizationId,
    role: m.role,
    projectRoles: new Map<string, ProjectRole>(rows.map((r) => [r.projectId, r.role])),
  };
}

const LAST_USED_INTERVAL_MS = 60_000;

/** The principal of an admin key secret, or null for anything that is not a live admin key. */
export async function principalForAdminKey(db: Queryable, secret: string): Promise<Principal | null> {
  if (!isWellFormed(secret, "admin")) return null;
  const now = new Date();
  const [key] = await db
    .select()
    .from(adminKeys)
    .where(
      and(
        eq(adminKeys.secretHash, hashSecret(secret)),
        isNull(adminKeys.revokedAt),
        or(isNull(adminKeys.expiresAt), gt(adminKeys.expiresAt, now)),
      ),
    );
  if (!key) return null;
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
    projectRoles: new Map(),
  };
}
