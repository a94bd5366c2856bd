import { and, asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { memberships, projectMembers, users } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import { loadProject } from "@/lib/projects/service";
import { missingInProject, type Permission, type ProjectRoleRef } from "@/lib/rbac";
import { customRolesById, grantOfRef, resolveProjectRoles } from "@/lib/roles/grants";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { roleList } from "./project-roles";
import { getMember, type MemberView } from "./queries";

/** The members holding a role in the project, by email. */
export async function listProjectMembers(db: Queryable, ctx: RequestContext, projectId: string) {
  const project = await loadProject(db, ctx.principal.organizationId, projectId);
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: projectMembers.role, lastSignInAt: users.lastSignInAt })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .innerJoin(memberships, and(eq(memberships.userId, projectMembers.userId), eq(memberships.organizationId, projectMembers.organizationId)))
    .where(eq(projectMembers.projectId, project.id))
    .orderBy(asc(users.email));
}

async function recordProjectRoles(tx: Queryable, ctx: RequestContext, before: MemberView) {
  const member = await getMember(tx, ctx.principal.organizationId, before.userId);
  const changes = { projectRoles: { from: roleList(before.projectRoles), to: roleList(member.projectRoles) } };
  await recordChange(tx, ctx, {
    action: "member.role_changed",
    target: { type: "member", id: member.userId },
    changes,
    event: { type: "member.role_changed", data: { member, previousRole: before.role, changes } },
  });
  return member;
}

/** Adds an organization `member` to the project with a role, or changes their role there. */
export async function setProjectMember(tx: Queryable, ctx: RequestContext, projectId: string, userId: string, role: ProjectRoleRef) {
  const project = await loadProject(tx, ctx.principal.organizationId, projectId);
  const before = await getMember(tx, project.organizationId, userId);
  if ((await grantOfRef(tx, project.organizationId, before.role)).role !== "member") {
    throw new AppError("INVALID_REQUEST", `userId: ${before.email} is ${before.roleName}, which reaches every project through the organization role.`, {
      fieldErrors: [{ path: "userId", message: "has an organization role that needs no project role" }],
    });
  }
  if (before.projectRoles.find((p) => p.projectId === project.id)?.role === role) return before;
  const [row] = await resolveProjectRoles(tx, project.organizationId, [{ projectId: project.id, role }], "role");
  if (row!.customRoleId) {
    const custom = (await customRolesById(tx, project.organizationId, [row!.customRoleId])).get(row!.customRoleId)!;
    const missing = missingInProject(ctx.principal, project.id, custom.permissions as Permission[]);
    if (missing.length > 0) {
      throw new AppError("FORBIDDEN", `You cannot give the ${custom.name} role in ${project.name}: it has permissions you lack there (${missing.join(", ")}).`, {
        fieldErrors: [{ path: "role", message: "is a role you cannot give" }],
      });
    }
  }
  const set = { role: row!.role, customRoleId: row!.customRoleId };
  await tx
    .insert(projectMembers)
    .values({ organizationId: project.organizationId, projectId: project.id, userId, ...set })
    .onConflictDoUpdate({ target: [projectMembers.projectId, projectMembers.userId], set });
  return recordProjectRoles(tx, ctx, before);
}

/** Takes a member's role in the project away; keys they own there are then flagged ("owner lost access"). */
export async function removeProjectMember(tx: Queryable, ctx: RequestContext, projectId: string, userId: string) {
  const project = await loadProject(tx, ctx.principal.organizationId, projectId);
  const before = await getMember(tx, project.organizationId, userId);
  const removed = await tx
    .delete(projectMembers)
    .where(and(eq(projectMembers.projectId, project.id), eq(projectMembers.userId, userId)))
    .returning({ userId: projectMembers.userId });
  if (removed.length === 0) throw new AppError("NOT_FOUND", "This member has no role in the project.");
  return recordProjectRoles(tx, ctx, before);
}
