import { ORG_GRANTS, ORG_ROLE_RANK, PROJECT_GRANTS } from "./matrix";
import { can, orgPermissions, type CustomGrant, type Principal } from "./authorize";
import { ORG_ROLES, PERMISSIONS, PROJECT_ROLES, ROLE_LABELS, type OrgRole, type Permission, type ProjectRole } from "./permissions";

// Custom roles (docs/rbac.md, "Custom roles"): which permissions they may hold, and the one
// rule on who may give, hold or act on which role, for built-in and custom roles alike.

/** A custom role's id as the API names it. */
export type CustomRoleId = `role_${string}`;
/** A role as assigned: a built-in name or a custom role's id. */
export type OrgRoleRef = OrgRole | CustomRoleId;
export type ProjectRoleRef = ProjectRole | CustomRoleId;

export const isCustomRoleId = (value: string): value is CustomRoleId => /^role_[0-9a-z]{20}$/.test(value);

/** Stay with the built-in roles: deleting or handing over the organization, admin keys, break-glass codes. */
export const BUILT_IN_ONLY: readonly Permission[] = ["org.delete", "org.transfer", "admin_key.manage", "security.recovery_codes"];

/** What every holder of an organization role has: seeing the organization and its members. */
export const EVERYONE: readonly Permission[] = ORG_GRANTS.member;

/** Permissions that mean something inside one project: a project admin's, and production keys (the key policy's). */
export const PROJECT_PERMISSIONS: readonly Permission[] = PERMISSIONS.filter(
  (p) => PROJECT_GRANTS.project_admin[p] !== undefined || p === "key.create_production",
);

/** Permissions a custom role of the scope may be made of. */
export function grantablePermissions(scope: "organization" | "project"): Permission[] {
  const pool = scope === "project" ? PROJECT_PERMISSIONS : PERMISSIONS;
  return pool.filter((p) => !BUILT_IN_ONLY.includes(p));
}

/** A role held by a member, an invitation or an admin key: built-in, or custom on the `member` base. */
export type RoleGrant = { role: OrgRole; custom: CustomGrant | null };

export const grantPermissions = (g: RoleGrant) => orgPermissions({ role: g.role, customRole: g.custom });
export const grantLabel = (g: RoleGrant) => g.custom?.name ?? ROLE_LABELS[g.role];
export const grantRef = (g: RoleGrant): OrgRoleRef => (g.custom ? (g.custom.id as CustomRoleId) : g.role);

const principalGrant = (p: Pick<Principal, "role" | "customRole">): RoleGrant => ({ role: p.role, custom: p.customRole ?? null });

/** Permissions of `wanted` that the principal lacks organization-wide. */
export function missingPermissions(principal: Pick<Principal, "role" | "customRole">, wanted: Iterable<Permission>): Permission[] {
  const have = orgPermissions(principal);
  return [...wanted].filter((p) => !have.has(p));
}

/**
 * Whether the principal may give `g` (to a member, an invitation or an admin key): never a role
 * ranking above their own, never one with a permission they lack (so only owners make owners).
 */
export function mayGrant(principal: Pick<Principal, "role" | "customRole">, g: RoleGrant): boolean {
  return ORG_ROLE_RANK[g.role] <= ORG_ROLE_RANK[principal.role] && missingPermissions(principal, grantPermissions(g)).length === 0;
}

/**
 * Whether the principal may change or remove a holder of `g`: nobody acts on a built-in role
 * ranking above theirs (an admin cannot touch an owner), nor on a custom role holding a
 * permission they lack.
 */
export function mayManage(principal: Pick<Principal, "role" | "customRole">, g: RoleGrant): boolean {
  if (ORG_ROLE_RANK[g.role] > ORG_ROLE_RANK[principal.role]) return false;
  return !g.custom || missingPermissions(principal, g.custom.permissions).length === 0;
}

/** Why the principal may not give `g`, in words; null when they may. */
export function grantRefusal(principal: Pick<Principal, "role" | "customRole">, g: RoleGrant): string | null {
  const mine = grantLabel(principalGrant(principal));
  if (ORG_ROLE_RANK[g.role] > ORG_ROLE_RANK[principal.role]) {
    return g.role === "owner" ? "Only an owner can make someone an owner." : `The ${grantLabel(g)} role ranks above your own (${mine}).`;
  }
  const missing = missingPermissions(principal, grantPermissions(g));
  if (missing.length > 0) return `You cannot give the ${grantLabel(g)} role: it has permissions your role lacks (${missing.join(", ")}).`;
  return null;
}

/** Why the principal may not act on a holder of `g`; null when they may. */
export function manageRefusal(principal: Pick<Principal, "role" | "customRole">, g: RoleGrant): string | null {
  if (mayManage(principal, g)) return null;
  if (g.role === "owner") return "Only an owner can change or remove an owner.";
  if (g.custom) return `The ${g.custom.name} role has permissions your role lacks (${missingPermissions(principal, g.custom.permissions).join(", ")}).`;
  return `Only a ${ROLE_LABELS[g.role]} or above can change this member.`;
}

/** The order SSO group mappings pick in: built-in by rank, a custom role just above `member`, larger first. */
export function grantOrder(g: RoleGrant): number {
  return g.custom ? ORG_ROLE_RANK.member + 0.5 + grantPermissions(g).size / 1000 : ORG_ROLE_RANK[g.role];
}

/** Permissions of a project role the principal lacks in that project (nobody gives a project role above their own there). */
export function missingInProject(principal: Principal, projectId: string, wanted: Iterable<Permission>): Permission[] {
  return [...wanted].filter((p) => !can(principal, p, { kind: "project", projectId }));
}

/** Whether holders of this organization role take project roles (`member`, and custom roles on its base). */
export const takesProjectRoles = (ref: OrgRoleRef) => ref === "member" || isCustomRoleId(ref);
/** Owners: the organization keeps at least one, and only an owner makes another (a fact of the role, not a permission). */
export const isOwnerRole = (ref: OrgRoleRef) => ref === "owner";
/** The name of the principal's organization role: its custom role's, else the built-in label. */
export const roleLabelOf = (p: Pick<Principal, "role" | "customRole">) => p.customRole?.name ?? ROLE_LABELS[p.role];

/** The built-in roles as the Roles screen lists them: organization roles, then project roles (`own` grants marked). */
export function builtInRoles(): { role: OrgRole | ProjectRole; label: string; scope: "organization" | "project"; permissions: string[] }[] {
  return [
    ...ORG_ROLES.map((role) => ({ role, label: ROLE_LABELS[role], scope: "organization" as const, permissions: [...ORG_GRANTS[role]] })),
    ...PROJECT_ROLES.map((role) => ({
      role,
      label: ROLE_LABELS[role],
      scope: "project" as const,
      permissions: Object.entries(PROJECT_GRANTS[role]).map(([p, grant]) => (grant === "own" ? `${p} (own keys)` : p)),
    })),
  ];
}
