// Questions services ask of the matrix where the answer depends on data (docs/rbac.md, Enforcement).
import { can, type Principal } from "./authorize";

/**
 * Whether a principal may create production keys in a project (docs/rbac.md, footnote ²):
 * holders of `key.create_production` (owners, admins, custom roles given it), and members whose
 * built-in project role the organization's key policy lists. The create form asks the same.
 */
export function mayCreateProductionKeys(
  principal: Principal,
  projectId: string,
  policy: { productionKeyRoles: readonly string[] },
): boolean {
  if (can(principal, "key.create_production", { kind: "project", projectId })) return true;
  const role = principal.projectRoles.get(projectId);
  return typeof role === "string" && policy.productionKeyRoles.includes(role);
}

/** Whether the principal may act on keys of others in a project (hand a leaving member's keys to a service account). */
export function mayManageOthersKeys(principal: Principal, projectId: string): boolean {
  return can(principal, "key.update", { kind: "key", projectId, ownerUserId: null });
}
