import { and, eq, inArray } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { roles, type Role } from "@/db/schema";
import {
  isCustomRoleId,
  isPermission,
  type CustomGrant,
  type OrgRoleRef,
  type Permission,
  type ProjectRole,
  type ProjectRoleRef,
  type RoleGrant,
} from "@/lib/rbac";
import { AppError } from "@/lib/core/errors";

// Turning the role a request names ("admin", "role_…") into what is stored and what it grants.

export const customGrant = (r: Pick<Role, "id" | "name" | "permissions">): CustomGrant => ({
  id: r.id,
  name: r.name,
  permissions: new Set(r.permissions.filter(isPermission) as Permission[]),
});

/** Custom roles of the organization by id (others' and unknown ids are left out). */
export async function customRolesById(db: Queryable, organizationId: string, ids: Iterable<string>) {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map<string, Role>();
  const rows = await db.select().from(roles).where(and(eq(roles.organizationId, organizationId), inArray(roles.id, wanted)));
  return new Map(rows.map((r) => [r.id, r]));
}

function unknownRole(path: string, why: string) {
  return new AppError("INVALID_REQUEST", `${path}: ${why}.`, { fieldErrors: [{ path, message: why }] });
}

/** An organization role as given: built-in, or an organization-scoped custom role of this organization. */
export async function resolveOrgRole(db: Queryable, organizationId: string, ref: OrgRoleRef, path = "role"): Promise<RoleGrant> {
  if (!isCustomRoleId(ref)) return { role: ref, custom: null };
  const role = (await customRolesById(db, organizationId, [ref])).get(ref);
  if (!role) throw unknownRole(path, "is not a role of this organization");
  if (role.scope !== "organization") throw unknownRole(path, `names ${role.name}, a project role: give it per project`);
  return { role: "member", custom: customGrant(role) };
}

/** What a holder row keeps of a grant. */
export const storedRole = (g: RoleGrant) => ({ role: g.role, customRoleId: g.custom?.id ?? null });

/** The grant a stored role names (a view's `role`): built-in, or its custom role loaded. */
export async function grantOfRef(db: Queryable, organizationId: string, ref: OrgRoleRef): Promise<RoleGrant> {
  if (!isCustomRoleId(ref)) return { role: ref, custom: null };
  const role = (await customRolesById(db, organizationId, [ref])).get(ref);
  return { role: "member", custom: role ? customGrant(role) : null };
}

export type ProjectRoleInput = { projectId: string; role: ProjectRoleRef };

/**
 * Project roles as given, each built-in or a project-scoped custom role of this organization;
 * answers the columns a project_members row keeps.
 */
export async function resolveProjectRoles(db: Queryable, organizationId: string, list: ProjectRoleInput[], path: string) {
  const custom = await customRolesById(db, organizationId, list.map((p) => p.role).filter(isCustomRoleId));
  const fieldErrors = list.flatMap((p, i) => {
    if (!isCustomRoleId(p.role)) return [];
    const role = custom.get(p.role);
    if (!role) return [{ path: `${path}.${i}.role`, message: "is not a role of this organization" }];
    if (role.scope !== "project") return [{ path: `${path}.${i}.role`, message: `names ${role.name}, an organization role: give it as the member's role` }];
    return [];
  });
  if (fieldErrors.length > 0) throw new AppError("INVALID_REQUEST", `${fieldErrors[0]!.path}: ${fieldErrors[0]!.message}.`, { fieldErrors });
  return list.map((p) => ({
    projectId: p.projectId,
    role: isCustomRoleId(p.role) ? null : (p.role as ProjectRole),
    customRoleId: isCustomRoleId(p.role) ? p.role : null,
  }));
}
