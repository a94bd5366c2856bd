import { asc, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { roles, type Role, type RoleScope } from "@/db/schema";
import { isCustomRoleId, type OrgRole, type RoleGrant } from "@/lib/rbac";
import { customGrant } from "./grants";

// Light reads of an organization's custom roles for the console's role pickers and rank
// checks: the rows alone, without the holder counts listRoles() computes per role.

export type CustomRoleRow = Pick<Role, "id" | "name" | "scope" | "permissions">;

/** The organization's custom roles by name (case-insensitive), optionally of one scope. */
export async function listCustomRoles(db: Queryable, organizationId: string, scope?: RoleScope): Promise<CustomRoleRow[]> {
  const rows = await db
    .select({ id: roles.id, name: roles.name, scope: roles.scope, permissions: roles.permissions })
    .from(roles)
    .where(eq(roles.organizationId, organizationId))
    .orderBy(asc(sql`lower(${roles.name})`));
  return scope ? rows.filter((r) => r.scope === scope) : rows;
}

/**
 * The grant an organization role ref names (a view's `role`: "admin" or "role_…"), from roles
 * already read; a custom role is held on the `member` base.
 */
export function grantFrom(ref: string, custom: ReadonlyMap<string, CustomRoleRow>): RoleGrant {
  if (!isCustomRoleId(ref)) return { role: ref as OrgRole, custom: null };
  const row = custom.get(ref);
  return { role: "member", custom: row ? customGrant(row) : null };
}

export const byId = (rows: readonly CustomRoleRow[]) => new Map(rows.map((r) => [r.id, r]));
