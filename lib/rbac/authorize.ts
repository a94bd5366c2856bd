import { AppError } from "@/lib/server/errors";
import { ORG_GRANTS, PROJECT_GRANTS } from "./matrix";
import { PERMISSIONS, type OrgRole, type Permission, type ProjectRole } from "./permissions";

export type Actor =
  | { type: "user"; userId: string; email: string; name: string | null }
  | { type: "admin_key"; keyId: string; name: string }
  | { type: "system" };

/** Who is acting, in which organization, with which roles. Built once per request. */
export type Principal = {
  actor: Actor;
  organizationId: string;
  role: OrgRole;
  /** project id → project role, for organization `member`s */
  projectRoles: ReadonlyMap<string, ProjectRole>;
};

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
  if (ORG_GRANTS[principal.role].includes(permission)) return true;
  if (principal.role !== "member") return false;
  if (target.kind === "organization") return false;
  if (target.kind === "projects") {
    for (const role of principal.projectRoles.values()) {
      if (PROJECT_GRANTS[role][permission]) return true;
    }
    return false;
  }
  const role = principal.projectRoles.get(target.projectId);
  if (!role) return false;
  const grant = PROJECT_GRANTS[role][permission];
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

/** Every permission a principal holds organization-wide (for navigation and admin-key limits). */
export function orgPermissions(role: OrgRole): Set<Permission> {
  return new Set(PERMISSIONS.filter((p) => ORG_GRANTS[role].includes(p)));
}

/** Projects a member may see with `permission`; null means all projects of the organization. */
export function projectScope(principal: Principal, permission: Permission): string[] | null {
  if (ORG_GRANTS[principal.role].includes(permission)) return null;
  return [...principal.projectRoles.entries()]
    .filter(([, role]) => PROJECT_GRANTS[role][permission])
    .map(([projectId]) => projectId);
}
