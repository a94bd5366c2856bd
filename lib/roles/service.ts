import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { adminKeys, invitations, memberships, projectMembers, projects, roles, users, type Role } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import { grantablePermissions, mayGrant, missingPermissions, type Permission } from "@/lib/rbac";
import { customGrant } from "./grants";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import type { createRoleInput, updateRoleInput } from "./schemas";

// Custom roles (docs/rbac.md, "Custom roles"). The routes and actions authorize `member.update`;
// these functions add the one rule of the feature: nobody makes or edits a role holding a
// permission they lack.

export function roleView(r: Role) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    scope: r.scope,
    permissions: r.permissions as Permission[],
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
export type RoleView = ReturnType<typeof roleView>;

async function loadRole(db: Queryable, organizationId: string, roleId: string, lock = false) {
  const query = db.select().from(roles).where(and(eq(roles.id, roleId), eq(roles.organizationId, organizationId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new AppError("NOT_FOUND", "Role was not found.");
  return row;
}

/** Who holds a role: members, project members, admin keys, pending invitations, SSO group mappings. */
export async function roleHolders(db: Queryable, organizationId: string, roleId: string) {
  const members = await db
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.customRoleId, roleId)))
    .orderBy(asc(users.email));
  const projectMemberRows = await db
    .select({ userId: users.id, email: users.email, name: users.name, projectId: projects.id, projectName: projects.name })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .innerJoin(projects, eq(projects.id, projectMembers.projectId))
    .where(and(eq(projectMembers.organizationId, organizationId), eq(projectMembers.customRoleId, roleId)))
    .orderBy(asc(projects.name), asc(users.email));
  const keys = await db
    .select({ id: adminKeys.id, name: adminKeys.name })
    .from(adminKeys)
    .where(and(eq(adminKeys.organizationId, organizationId), eq(adminKeys.customRoleId, roleId), isNull(adminKeys.revokedAt)))
    .orderBy(asc(adminKeys.name));
  const pending = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from invitations i
    where i.organization_id = ${organizationId} and i.accepted_at is null and i.revoked_at is null
      and (i.custom_role_id = ${roleId} or i.project_roles @> ${JSON.stringify([{ role: roleId }])}::jsonb)`);
  const mappings = await db.execute<{ connection_id: string; connection_name: string; group_name: string }>(sql`
    select c.id as connection_id, c.name as connection_name, m.key as group_name
    from sso_connections c, jsonb_each_text(c.group_role_mapping) m
    where c.organization_id = ${organizationId} and m.value = ${roleId}
    order by c.name, m.key`);
  return {
    members,
    projectMembers: projectMemberRows,
    adminKeys: keys,
    pendingInvitations: rowsOf<{ n: number }>(pending)[0]?.n ?? 0,
    groupMappings: rowsOf<{ connection_id: string; connection_name: string; group_name: string }>(mappings).map((m) => ({ connectionId: m.connection_id, connectionName: m.connection_name, group: m.group_name })),
  };
}
export type RoleHolders = Awaited<ReturnType<typeof roleHolders>>;

const holderCount = (h: RoleHolders) => h.members.length + h.projectMembers.length + h.adminKeys.length + h.pendingInvitations + h.groupMappings.length;

export async function listRoles(db: Queryable, ctx: RequestContext) {
  const organizationId = ctx.principal.organizationId;
  const rows = await db.select().from(roles).where(eq(roles.organizationId, organizationId)).orderBy(asc(sql`lower(${roles.name})`));
  const data = [];
  for (const r of rows) {
    const holders = await roleHolders(db, organizationId, r.id);
    data.push({ ...roleView(r), holderCount: holderCount(holders) });
  }
  return { data };
}

export async function getRole(db: Queryable, ctx: RequestContext, roleId: string) {
  const role = await loadRole(db, ctx.principal.organizationId, roleId);
  return { ...roleView(role), holders: await roleHolders(db, role.organizationId, role.id) };
}

/** Permissions outside what the scope may hold, and those the actor lacks: field errors on `permissions`. */
function assertPermissions(ctx: RequestContext, scope: Role["scope"], permissions: Permission[], also: Permission[] = []) {
  const allowed = grantablePermissions(scope);
  const fieldErrors = permissions.flatMap((p, i) =>
    allowed.includes(p)
      ? []
      : [{ path: `permissions.${i}`, message: scope === "project" ? `${p} is not a project permission` : `${p} stays with the built-in roles` }],
  );
  if (fieldErrors.length > 0) throw new AppError("INVALID_REQUEST", `permissions: ${fieldErrors.map((f) => f.message).join("; ")}.`, { fieldErrors });
  const missing = missingPermissions(ctx.principal, new Set([...permissions, ...also]));
  if (missing.length > 0) {
    throw new AppError("FORBIDDEN", `You cannot make or change a role holding permissions your role lacks (${missing.join(", ")}).`, {
      fieldErrors: [{ path: "permissions", message: `holds permissions you lack: ${missing.join(", ")}` }],
    });
  }
}

/** Stored sorted, so a change is compared and audited by content. */
const sorted = (permissions: Permission[]) => [...permissions].sort();

export async function createRole(tx: Queryable, ctx: RequestContext, input: z.infer<typeof createRoleInput>) {
  assertPermissions(ctx, input.scope, input.permissions);
  const actor = ctx.principal.actor;
  const [row] = await tx
    .insert(roles)
    .values({
      organizationId: ctx.principal.organizationId,
      name: input.name,
      description: input.description ?? "",
      scope: input.scope,
      permissions: sorted(input.permissions),
      createdById: actor.type === "user" ? actor.userId : null,
    })
    .returning();
  const role = roleView(row!);
  await recordChange(tx, ctx, {
    action: "role.created",
    target: { type: "role", id: role.id },
    changes: { name: role.name, scope: role.scope, permissions: role.permissions },
    event: { type: "role.created", data: { role } },
  });
  return role;
}

export async function updateRole(tx: Queryable, ctx: RequestContext, roleId: string, input: z.infer<typeof updateRoleInput>) {
  const before = await loadRole(tx, ctx.principal.organizationId, roleId, true);
  const given = input.permissions ?? (before.permissions as Permission[]);
  // Editing a role means holding what it holds now and what it will hold.
  assertPermissions(ctx, before.scope, given, before.permissions as Permission[]);
  const permissions = sorted(given);
  const next = { name: input.name ?? before.name, description: input.description ?? before.description, permissions };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of ["name", "description", "permissions"] as const) {
    if (JSON.stringify(before[field]) !== JSON.stringify(next[field])) changes[field] = { from: before[field], to: next[field] };
  }
  if (Object.keys(changes).length === 0) return roleView(before);
  const [row] = await tx.update(roles).set(next).where(eq(roles.id, before.id)).returning();
  const role = roleView(row!);
  await recordChange(tx, ctx, {
    action: "role.updated",
    target: { type: "role", id: role.id },
    changes,
    event: { type: "role.updated", data: { role, changes } },
  });
  return role;
}

export async function deleteRole(tx: Queryable, ctx: RequestContext, roleId: string) {
  const organizationId = ctx.principal.organizationId;
  const before = await loadRole(tx, organizationId, roleId, true);
  assertPermissions(ctx, before.scope, before.permissions as Permission[]);
  const holders = await roleHolders(tx, organizationId, roleId);
  if (holderCount(holders) > 0) {
    const parts = [
      [holders.members.length, "member"],
      [holders.projectMembers.length, "project role"],
      [holders.adminKeys.length, "admin key"],
      [holders.pendingInvitations, "pending invitation"],
      [holders.groupMappings.length, "group mapping"],
    ] as const;
    const list = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}${n === 1 ? "" : "s"}`);
    throw new AppError("CONFLICT", `${before.name} is in use by ${list.join(", ")}. Give them another role first.`);
  }
  // Accepted, revoked and expired invitations and revoked keys only remember the role.
  await tx.update(invitations).set({ customRoleId: null }).where(eq(invitations.customRoleId, roleId));
  await tx.update(adminKeys).set({ customRoleId: null }).where(eq(adminKeys.customRoleId, roleId));
  await tx.delete(roles).where(eq(roles.id, roleId));
  const role = roleView(before);
  await recordChange(tx, ctx, {
    action: "role.deleted",
    target: { type: "role", id: role.id },
    changes: { name: role.name, scope: role.scope, permissions: role.permissions },
    event: { type: "role.deleted", data: { role } },
  });
}

/** Custom roles of a scope that the viewer may give, as choices for a picker (by name). */
export async function grantableCustomRoles(db: Queryable, ctx: RequestContext, scope: Role["scope"]) {
  const rows = await db
    .select()
    .from(roles)
    .where(and(eq(roles.organizationId, ctx.principal.organizationId), eq(roles.scope, scope)))
    .orderBy(asc(sql`lower(${roles.name})`));
  return rows
    .filter((r) => mayGrant(ctx.principal, { role: "member", custom: customGrant(r) }))
    .map((r) => ({ value: r.id, label: r.name }));
}
