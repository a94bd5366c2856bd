import type { OrgRole, Permission, ProjectRole } from "./permissions";

// The permission matrix of docs/rbac.md, as data. `Record<Role, …>` makes the compiler
// demand a row for every role; the matrix test demands an answer for every permission.

/** What each organization role may do across the whole organization. */
export const ORG_GRANTS: Record<OrgRole, readonly Permission[]> = {
  owner: [
    "org.read", "org.update", "org.delete", "org.transfer",
    "member.read", "member.invite", "member.update", "member.remove",
    "project.create", "project.read", "project.update", "project.archive", "project.members",
    "key.read", "key.create", "key.rotate", "key.update", "key.revoke", "key.create_production",
    "admin_key.manage", "usage.read", "budget.manage", "billing.read", "billing.manage",
    "security.read", "security.manage", "security.recovery_codes", "audit.read", "webhook.read", "webhook.manage",
  ],
  admin: [
    "org.read", "org.update",
    "member.read", "member.invite", "member.update", "member.remove",
    "project.create", "project.read", "project.update", "project.archive", "project.members",
    "key.read", "key.create", "key.rotate", "key.update", "key.revoke", "key.create_production",
    "admin_key.manage", "usage.read", "billing.read",
    "security.read", "audit.read", "webhook.read", "webhook.manage",
  ],
  security: [
    "org.read", "member.read", "project.read", "key.read", "key.revoke", "usage.read",
    "security.read", "security.manage", "audit.read",
  ],
  finance: [
    "org.read", "member.read", "project.read", "usage.read",
    "budget.manage", "billing.read", "billing.manage",
  ],
  member: ["org.read", "member.read"],
};

/** `project`: in projects where the member holds the role; `own`: only keys they own. */
export type ProjectGrant = "project" | "own";

/** What an organization `member` may do inside a project, by project role. */
export const PROJECT_GRANTS: Record<ProjectRole, Partial<Record<Permission, ProjectGrant>>> = {
  project_admin: {
    "project.read": "project",
    "project.update": "project",
    "project.archive": "project",
    "project.members": "project",
    "key.read": "project",
    "key.create": "project",
    "key.rotate": "project",
    "key.update": "project",
    "key.revoke": "project",
    "usage.read": "project",
  },
  developer: {
    "project.read": "project",
    "key.read": "project",
    "key.create": "own",
    "key.rotate": "own",
    "key.update": "own",
    "key.revoke": "own",
    "usage.read": "project",
  },
  viewer: {
    "project.read": "project",
    "key.read": "project",
    "usage.read": "project",
  },
};

/** Rank used to stop escalation: nobody grants a role above their own. */
export const ORG_ROLE_RANK: Record<OrgRole, number> = {
  owner: 4,
  admin: 3,
  security: 2,
  finance: 2,
  member: 1,
};
