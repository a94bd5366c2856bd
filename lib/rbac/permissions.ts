// The one vocabulary of permissions (docs/rbac.md), shared by members and admin keys.
export const PERMISSIONS = [
  "org.read",
  "org.update",
  "org.delete",
  "org.transfer",
  "member.read",
  "member.invite",
  "member.update",
  "member.remove",
  "project.create",
  "project.read",
  "project.update",
  "project.archive",
  "project.members",
  "key.read",
  "key.create",
  "key.rotate",
  "key.update",
  "key.revoke",
  "key.create_production",
  "admin_key.manage",
  "usage.read",
  "budget.manage",
  "billing.read",
  "billing.manage",
  "security.read",
  "security.manage",
  "security.recovery_codes",
  "audit.read",
  "webhook.read",
  "webhook.manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ORG_ROLES = ["owner", "admin", "security", "finance", "member"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export const PROJECT_ROLES = ["project_admin", "developer", "viewer"] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/** Roles an admin key may carry. */
export const ADMIN_KEY_ROLES = ["owner", "admin", "security", "finance"] as const;
export type AdminKeyRole = (typeof ADMIN_KEY_ROLES)[number];

export const ROLE_LABELS: Record<OrgRole | ProjectRole, string> = {
  owner: "Owner",
  admin: "Admin",
  security: "Security owner",
  finance: "Finance owner",
  member: "Member",
  project_admin: "Project admin",
  developer: "Developer",
  viewer: "Viewer",
};

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
