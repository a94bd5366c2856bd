import type { Queryable } from "@/db/client";
import {
  grantOrder,
  grantPermissions,
  mayGrant,
  mayManage,
  missingInProject,
  PROJECT_ROLES,
  ROLE_LABELS,
  type OrgRole,
  type Permission,
  type Principal,
  type RoleGrant,
} from "@/lib/rbac";
import { customGrant } from "@/lib/roles/grants";
import { byId, grantFrom, listCustomRoles, type CustomRoleRow } from "@/lib/roles/queries";

// What the console's role pickers offer and how they rank holders: the built-in roles the
// viewer may give and the organization's custom roles of the right scope that `mayGrant`
// allows, labelled by name. The services check every choice again.

/** One option of a role picker; `group` puts built-in and custom roles under their own headings. */
export type RoleChoice = { value: string; label: string; group: "Built-in roles" | "Custom roles" };

/** What the screens need to know of a role a holder has: its name, rank for sorting, permissions. */
export type RoleInfo = { label: string; order: number; permissions: Permission[]; custom: boolean };

const builtIn = (role: string, label: string): RoleChoice => ({ value: role, label, group: "Built-in roles" });
const customChoice = (r: CustomRoleRow): RoleChoice => ({ value: r.id, label: r.name, group: "Custom roles" });

function info(g: RoleGrant): RoleInfo {
  return { label: g.custom?.name ?? ROLE_LABELS[g.role], order: grantOrder(g), permissions: [...grantPermissions(g)], custom: g.custom !== null };
}

/**
 * The organization roles (members, invitations, admin keys): `builtIns` the viewer may give,
 * then the organization-scoped custom roles they may give. `infoOf` describes every role a
 * holder may have (built-in or custom, given by the viewer or not) and `mayManageRef` says
 * whether the viewer may act on a holder of it.
 */
export async function orgRoleChoices(db: Queryable, principal: Principal, builtIns: readonly OrgRole[]) {
  const all = await listCustomRoles(db, principal.organizationId);
  const custom = byId(all);
  const orgScoped = all.filter((r) => r.scope === "organization");
  const choices: RoleChoice[] = [
    ...builtIns.filter((r) => mayGrant(principal, { role: r, custom: null })).map((r) => builtIn(r, ROLE_LABELS[r])),
    ...orgScoped.filter((r) => mayGrant(principal, { role: "member", custom: customGrant(r) })).map(customChoice),
  ];
  const roleInfo: Record<string, RoleInfo> = {};
  for (const r of ["owner", "admin", "security", "finance", "member"] as const) roleInfo[r] = info({ role: r, custom: null });
  for (const r of orgScoped) roleInfo[r.id] = info({ role: "member", custom: customGrant(r) });
  return {
    choices,
    roleInfo,
    /** every organization-scoped custom role, for filters */
    customRoles: orgScoped.map(customChoice),
    mayManageRef: (ref: string) => mayManage(principal, grantFrom(ref, custom)),
    grantOf: (ref: string) => grantFrom(ref, custom),
    projectRoles: all.filter((r) => r.scope === "project"),
  };
}

/** Built-in project roles, then project-scoped custom roles, for invitations: those `mayGrant` allows organization-wide. */
export function projectRoleChoicesForInvite(principal: Principal, projectScoped: readonly CustomRoleRow[]): RoleChoice[] {
  return [
    ...PROJECT_ROLES.map((r) => builtIn(r, ROLE_LABELS[r])),
    ...projectScoped.filter((r) => mayGrant(principal, { role: "member", custom: customGrant(r) })).map(customChoice),
  ];
}

/**
 * Project roles the viewer may give in one project: the built-in ones (as setProjectMember
 * allows), and the project-scoped custom roles whose permissions they hold there (its rule for those).
 */
export async function projectRoleChoices(db: Queryable, principal: Principal, projectId: string): Promise<RoleChoice[]> {
  const projectScoped = await listCustomRoles(db, principal.organizationId, "project");
  return [
    ...PROJECT_ROLES.map((r) => builtIn(r, ROLE_LABELS[r])),
    ...projectScoped.filter((r) => missingInProject(principal, projectId, customGrant(r).permissions).length === 0).map(customChoice),
  ];
}
