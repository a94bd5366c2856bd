import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { memberships, projectMembers, projects, roles, users, type Membership, type User } from "@/db/schema";
import { ROLE_LABELS, type OrgRoleRef, type ProjectRole, type ProjectRoleRef, type Target } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";

export type MemberRow = {
  membership: Membership;
  user: Pick<User, "id" | "email" | "name" | "lastSignInAt">;
  /** the custom role's name, when the member holds one */
  customRoleName: string | null;
};
/** `role`: a built-in project role or a project-scoped custom role's id; `roleName` says which. */
export type ProjectRoleView = { projectId: string; projectName: string; role: ProjectRoleRef; roleName: string };

/** A stored role as the API names it: the custom role's id, else the built-in name. */
export const roleRef = <R extends string>(role: R | null, customRoleId: string | null) => (customRoleId ?? role) as R | `role_${string}`;

export function memberView(row: MemberRow, projectRoles: ProjectRoleView[]) {
  const role: OrgRoleRef = roleRef(row.membership.role, row.membership.customRoleId);
  return {
    id: row.membership.id,
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
    role,
    roleName: row.customRoleName ?? ROLE_LABELS[row.membership.role],
    projectRoles,
    /** how they joined: created (the organization), invitation, sso, bootstrap, seed */
    joinedVia: row.membership.joinedVia,
    joinedAt: row.membership.createdAt.toISOString(),
    lastSignInAt: row.user.lastSignInAt?.toISOString() ?? null,
    createdAt: row.membership.createdAt.toISOString(),
  };
}
export type MemberView = ReturnType<typeof memberView>;

function selectMembers(db: Queryable) {
  return db
    .select({
      membership: memberships,
      user: { id: users.id, email: users.email, name: users.name, lastSignInAt: users.lastSignInAt },
      customRoleName: roles.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(roles, eq(roles.id, memberships.customRoleId));
}

/** A member of the organization, or NOT_FOUND (also for other organizations' members). */
export async function loadMember(db: Queryable, organizationId: string, userId: string): Promise<MemberRow> {
  const [row] = await selectMembers(db).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  if (!row) throw new AppError("NOT_FOUND", "Member was not found.");
  return row;
}

/** Project roles of some members in the organization, by user id. */
export async function projectRolesOf(db: Queryable, organizationId: string, userIds: string[]) {
  const byUser = new Map<string, ProjectRoleView[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db
    .select({
      userId: projectMembers.userId,
      projectId: projectMembers.projectId,
      projectName: projects.name,
      role: projectMembers.role,
      customRoleId: projectMembers.customRoleId,
      customRoleName: roles.name,
    })
    .from(projectMembers)
    .innerJoin(projects, eq(projects.id, projectMembers.projectId))
    .leftJoin(roles, eq(roles.id, projectMembers.customRoleId))
    .where(and(eq(projectMembers.organizationId, organizationId), inArray(projectMembers.userId, userIds)))
    .orderBy(asc(projects.name));
  for (const r of rows) {
    byUser.get(r.userId)?.push({
      projectId: r.projectId,
      projectName: r.projectName,
      role: roleRef<ProjectRole>(r.role, r.customRoleId),
      roleName: r.customRoleName ?? ROLE_LABELS[r.role as ProjectRole],
    });
  }
  return byUser;
}

export async function getMember(db: Queryable, organizationId: string, userId: string) {
  const row = await loadMember(db, organizationId, userId);
  return memberView(row, (await projectRolesOf(db, organizationId, [userId])).get(userId)!);
}

/** The organization's members, ordered by membership id for cursor paging. */
export async function listMembers(db: Queryable, ctx: RequestContext, opts: { limit: number; cursor?: string }) {
  const organizationId = ctx.principal.organizationId;
  const rows = await selectMembers(db)
    .where(and(eq(memberships.organizationId, organizationId), opts.cursor ? gt(memberships.id, opts.cursor) : undefined))
    .orderBy(asc(memberships.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const roles = await projectRolesOf(db, organizationId, page.map((r) => r.user.id));
  return {
    data: page.map((r) => memberView(r, roles.get(r.user.id)!)),
    nextCursor: rows.length > opts.limit ? page[page.length - 1]!.membership.id : null,
  };
}

/** Every member, for the console (page after page). */
export async function listAllMembers(db: Queryable, ctx: RequestContext) {
  const all: MemberView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listMembers(db, ctx, { limit: 100, cursor });
    all.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** The authorization target of a member route: the member, loaded within the caller's organization. */
export async function memberTarget({ db, ctx, params }: { db: Queryable; ctx: RequestContext; params: { userId: string } }): Promise<Target> {
  await loadMember(db, ctx.principal.organizationId, params.userId);
  return { kind: "organization" };
}
