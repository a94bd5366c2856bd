import { ORG_GRANTS, PROJECT_GRANTS } from "./matrix";
import { ORG_ROLES, PROJECT_ROLES, ROLE_LABELS, type OrgRole, type Permission, type ProjectRole } from "./permissions";

// Who holds a permission, read from the matrix (never a hand-written list), for the copy that
// tells people which role they need: the access screen of a refused page and the notes beside
// controls a member may not use. Imports only the matrix data, so client components can use it.

export type RoleHolders = {
  /** built-in organization roles holding it across the whole organization, in ORG_ROLES order */
  organization: { role: OrgRole; label: string }[];
  /** project roles holding it inside the projects where an organization `member` has them */
  project: { role: ProjectRole; label: string; ownKeysOnly: boolean }[];
};

/** Which built-in organization roles and which project roles hold `permission`. */
export function rolesHolding(permission: Permission): RoleHolders {
  return {
    organization: ORG_ROLES.filter((role) => ORG_GRANTS[role].includes(permission)).map((role) => ({ role, label: ROLE_LABELS[role] })),
    project: PROJECT_ROLES.flatMap((role) => {
      const grant = PROJECT_GRANTS[role][permission];
      return grant ? [{ role, label: ROLE_LABELS[role], ownKeysOnly: grant === "own" }] : [];
    }),
  };
}

/** The permission in plain words, to follow "permission to". */
export const PERMISSION_TEXT: Record<Permission, string> = {
  "org.read": "see the organization",
  "org.update": "change the organization's settings",
  "org.delete": "delete the organization",
  "org.transfer": "transfer ownership of the organization",
  "member.read": "see the members",
  "member.invite": "invite members",
  "member.update": "change members' roles",
  "member.remove": "remove members",
  "project.create": "create projects",
  "project.read": "see projects",
  "project.update": "change projects",
  "project.archive": "archive and restore projects",
  "project.members": "manage a project's members",
  "key.read": "see API keys",
  "key.create": "create API keys",
  "key.rotate": "rotate API keys",
  "key.update": "change API keys",
  "key.revoke": "revoke API keys",
  "key.create_production": "create production API keys",
  "admin_key.manage": "manage admin keys",
  "usage.read": "see usage and spend",
  "budget.manage": "set budgets",
  "billing.read": "see billing: the plan, invoices and spend",
  "billing.manage": "change billing terms and contacts",
  "security.read": "see the security settings",
  "security.manage": "change the security settings",
  "security.recovery_codes": "keep break-glass recovery codes",
  "audit.read": "read the audit log",
  "webhook.read": "see webhooks",
  "webhook.manage": "manage webhooks",
};

/** "A", "A or B", "A, B or C". */
export function listOf(items: readonly string[], conjunction: "or" | "and" = "or"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items.at(-1)}`;
}

/** "the Owner role", "the Owner or Admin role". */
const theRole = (labels: readonly string[]) => `the ${listOf(labels)} role`;

/**
 * Who holds `permission`, in words, to end a sentence such as "Renaming it needs …":
 * "the Owner or Admin role". With `where: "project"` (a project, a key in it) the project roles
 * count too: "the Owner or Admin role, or the Project admin role in the project", and roles that
 * hold it only for their own keys say so.
 */
export function holdersText(permission: Permission, where: "organization" | "project" = "organization"): string {
  const { organization, project } = rolesHolding(permission);
  const parts: string[] = [];
  if (organization.length === ORG_ROLES.length) return "any role";
  if (organization.length > 0) parts.push(theRole(organization.map((h) => h.label)));
  if (where === "project") {
    const whole = project.filter((h) => !h.ownKeysOnly).map((h) => h.label);
    const own = project.filter((h) => h.ownKeysOnly).map((h) => h.label);
    if (whole.length > 0) parts.push(`${theRole(whole)} in the project`);
    if (own.length > 0) parts.push(`${theRole(own)} for their own keys`);
  }
  return parts.join(", or ");
}

/** Plural role names for descriptions: "Owners and Admins". */
export function holdersPlural(roles: readonly { label: string }[]): string {
  return listOf(
    roles.map((r) => `${r.label}s`),
    "and",
  );
}
