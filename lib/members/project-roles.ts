import { and, eq, inArray } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { projectMembers, projects } from "@/db/schema";
import type { ProjectRoleRef, RoleGrant } from "@/lib/rbac";
import { resolveProjectRoles, type ProjectRoleInput } from "@/lib/roles/grants";
import { AppError } from "@/lib/core/errors";

/** Project roles apply to organization `member`s (custom roles included); owners and admins act as project admins everywhere. */
export function assertProjectRolesApply(grant: RoleGrant, list: ProjectRoleInput[] | undefined, path: string) {
  if (grant.role !== "member" && list && list.length > 0) {
    throw new AppError("INVALID_REQUEST", `${path}: project roles apply to the member role only.`, {
      fieldErrors: [{ path, message: "apply to the member role only (other roles reach projects through their organization role)" }],
    });
  }
}

/** The projects named must be projects of the organization (another organization's look unknown). */
export async function checkProjects(tx: Queryable, organizationId: string, list: ProjectRoleInput[], path: string) {
  if (list.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(and(eq(projects.organizationId, organizationId), inArray(projects.id, list.map((p) => p.projectId))));
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const fieldErrors = list.flatMap((p, i) => (names.has(p.projectId) ? [] : [{ path: `${path}.${i}.projectId`, message: "is not a project of this organization" }]));
  if (fieldErrors.length > 0) {
    throw new AppError("INVALID_REQUEST", `${path}: ${fieldErrors.length === 1 ? "a project is" : "some projects are"} not of this organization.`, { fieldErrors });
  }
  return names;
}

/** Replaces a member's project roles in the organization with `list` (built-in or custom, checked here). */
export async function replaceProjectRoles(tx: Queryable, organizationId: string, userId: string, list: ProjectRoleInput[], path = "projectRoles") {
  const rows = await resolveProjectRoles(tx, organizationId, list, path);
  await tx.delete(projectMembers).where(and(eq(projectMembers.organizationId, organizationId), eq(projectMembers.userId, userId)));
  if (rows.length > 0) {
    await tx.insert(projectMembers).values(rows.map((p) => ({ organizationId, projectId: p.projectId, userId, role: p.role, customRoleId: p.customRoleId })));
  }
}

/** `[{projectId, role}]` sorted, for comparing and recording project roles. */
export const roleList = (list: { projectId: string; role: ProjectRoleRef }[]) =>
  list.map((p) => ({ projectId: p.projectId, role: p.role })).sort((a, b) => a.projectId.localeCompare(b.projectId));
