import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { memberships, projectMembers, projects, users, type Membership, type User } from "@/db/schema";
import type { ProjectRole, Target } from "@/lib/rbac";
import type { RequestContext } from "@/lib/server/context";
import { AppError } from "@/lib/server/errors";

export type MemberRow = { membership: Membership; user: Pick<User, "id" | "email" | "name" | "lastSignInAt"> };
export type ProjectRoleView = { projectId: string; projectName: string; role: ProjectRole };

export function memberView(row: MemberRow, projectRoles: ProjectRoleView[]) {
  return {
    id: row.membership.id,
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
    role: row.membership.role,
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
    .select({ membership: memberships, user: { id: users.id, email: users.email, name: users.name, lastSignInAt: users.lastSignInAt } })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId));
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
    .select({ userId: projectMembers.userId, projectId: projectMembers.projectId, projectName: projects.name, role: projectMembers.role })
    .from(projectMembers)
    .innerJoin(projects, eq(projects.id, projectMembers.projectId))
    .where(and(eq(projectMembers.organizationId, organizationId), inArray(projectMembers.userId, userIds)))
    .orderBy(asc(projects.name));
  for (const { userId, ...role } of rows) byUser.get(userId)?.push(role);
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
