import { sql } from "drizzle-orm";
import { check, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, idColumn, updatedAt } from "./columns";
import { organizations } from "./organizations";

export const ROLE_SCOPES = ["organization", "project"] as const;
export type RoleScope = (typeof ROLE_SCOPES)[number];

// An organization's custom roles (docs/rbac.md, "Custom roles"): a named set of permissions,
// organization-wide or held per project. Holders point at a role with `custom_role_id`
// (memberships, invitations, admin keys, project members), so a role in use cannot be deleted.
export const roles = pgTable(
  "roles",
  {
    id: idColumn("role"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    description: text().notNull().default(""),
    scope: text().$type<RoleScope>().notNull(),
    /** permission names of the vocabulary (lib/rbac/permissions.ts), sorted */
    permissions: text().array().notNull(),
    createdById: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("roles_organization_name").on(t.organizationId, sql`lower(${t.name})`),
    check("roles_scope", sql`${t.scope} in ('organization', 'project')`),
  ],
);

export type Role = typeof roles.$inferSelect;
