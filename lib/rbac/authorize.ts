import { AppError } from "@/lib/core/errors";
import { ORG_GRANTS, PROJECT_GRANTS } from "./matrix";
import { PERMISSIONS, type OrgRole, type Permission, type ProjectRole } from "./permissions";

/** A custom role as the principal holds it (docs/rbac.md, "Custom roles"). */
export type CustomGrant = { id: string; name: string; permissions: ReadonlySet<Permission> };

export type Actor =
  | { type: "user"; userId: string; email: string; name: string | null }
  | { type: "admin_key"; keyId: string; name: string }
  | { type: "system" };

/** Who is acting, in which organization, with which roles. Built once per request. */
export type Principal = {
  actor: Actor;
  organizationId: string;
  /** the built-in role; `member` for the holder of a custom role */
  role: OrgRole;
  /** an organization-scoped custom role: its permissions add to those of `role` */
  customRole?: CustomGrant | null;
  /** project id → project role (built-in or a project-scoped custom role), for organization `member`s */
  projectRoles: ReadonlyMap<string, ProjectRole | CustomGrant>;
};

/** What a project role grants on a permission: built-in roles read the matrix, custom roles grant per project. */
function projectGrant(role: ProjectRole | CustomGrant, permission: Permission): "project" | "own" | undefined {
  if (typeof role === "string") return PROJECT_GRANTS[role][permission];
  return role.permissions.has(permission) ? "project" : undefined;
}

/** Whether the principal holds `permission` across the whole organization. */
function holdsOrgWide(principal: Principal, permission: Permission): boolean {
  return ORG_GRANTS[principal.role].includes(permission) || principal.customRole?.permissions.has(permission) === true;
}

/**
 * What the permission is checked against.
 * - organization: the organization as a whole (the default).
 * - projects: a list over projects; a member passes if any of their projects grants it,
 *   and the service narrows the list to those projects.
 * - project: one project (its organization already checked by loading it).
 * - key: one key of a project, with its owner for `own` grants.
 */
export type Target =
  | { kind: "organization" }
  | { kind: "projects" }
  | { kind: "project"; projectId: string }
  | { kind: "key"; projectId: string; ownerUserId: string | null };

const ORG: Target = { kind: "organization" };

/** The single decision point: does this principal hold this permission on this target? */
export function can(principal: Principal, permission: Permission, target: Target = ORG): boolean {
  if (holdsOrgWide(principal, permission)) return true;
  if (principal.role !== "member") return false;
  if (target.kind === "organization") return false;
  if (target.kind === "projects") {
    for (const role of principal.projectRoles.values()) {
      if (projectGrant(role, permission)) return true;
    }
    return false;
  }
  const role = principal.projectRoles.get(target.projectId);
  if (!role) return false;
  const grant = projectGrant(role, permission);
  if (grant === "project") return true;
  if (grant === "own") {
    // `own` on a project target means "may act on their own keys here" (e.g. create one).
    if (target.kind === "project") return true;
    return principal.actor.type === "user" && target.ownerUserId === principal.actor.userId;
  }
  return false;
}

/** Throws FORBIDDEN unless allowed. Called by the two wrappers, never ad hoc. */
export function authorize(principal: Principal, permission: Permission, target?: Target): void {
  if (!can(principal, permission, target)) {
    throw new AppError("FORBIDDEN", `Your role does not allow ${permission}.`);
  }
}

/** Every permission a built-in role, a custom role or a principal holds organization-wide. */
export function orgPermissions(holder: OrgRole | Pick<Principal, "role" | "customRole">): Set<Permission> {
  const principal = typeof holder === "string" ? { role: holder, customRole: null } : holder;
  return new Set(PERMISSIONS.filter((p) => holdsOrgWide(principal as Principal, p)));
}

/** Projects a member may see with `permission`; null means all projects of the organization. */
export function projectScope(principal: Principal, permission: Permission): string[] | null {
  if (holdsOrgWide(principal, permission)) return null;
  return [...principal.projectRoles.entries()]
    .filter(([, role]) => projectGrant(role, permission))
    .map(([projectId]) => projectId);
}
