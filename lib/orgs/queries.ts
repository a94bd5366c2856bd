import { and, count, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { adminKeys, memberships, projects } from "@/db/schema";
import { projectScope, type Principal } from "@/lib/rbac";

/**
 * The numbers of the organization overview. Projects are counted within what the principal
 * may read (a `member` sees only their projects); admin keys count the live ones.
 */
export async function organizationCounts(db: Queryable, principal: Principal) {
  const organizationId = principal.organizationId;
  const scope = projectScope(principal, "project.read");
  const [projectRow] =
    scope && scope.length === 0
      ? [{ active: 0, archived: 0 }]
      : await db
          .select({
            active: sql<number>`count(*) filter (where ${projects.archivedAt} is null)`.mapWith(Number),
            archived: sql<number>`count(*) filter (where ${projects.archivedAt} is not null)`.mapWith(Number),
          })
          .from(projects)
          .where(and(eq(projects.organizationId, organizationId), scope ? inArray(projects.id, scope) : undefined));
  const [memberRow] = await db
    .select({ n: count() })
    .from(memberships)
    .where(eq(memberships.organizationId, organizationId));
  const [keyRow] = await db
    .select({ n: count() })
    .from(adminKeys)
    .where(
      and(
        eq(adminKeys.organizationId, organizationId),
        isNull(adminKeys.revokedAt),
        or(isNull(adminKeys.expiresAt), gt(adminKeys.expiresAt, new Date())),
      ),
    );
  return {
    projects: { active: projectRow?.active ?? 0, archived: projectRow?.archived ?? 0 },
    members: memberRow?.n ?? 0,
    activeAdminKeys: keyRow?.n ?? 0,
  };
}
