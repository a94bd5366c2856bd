import { sql } from "drizzle-orm";
import { check, index, pgEnum, pgTable, primaryKey, text, unique } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, idColumn, tz, updatedAt } from "./columns";
import { organizations } from "./organizations";
import { roles } from "./roles";

export const projectRole = pgEnum("project_role", ["project_admin", "developer", "viewer"]);

export const projects = pgTable(
  "projects",
  {
    id: idColumn("project"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    slug: text().notNull(),
    description: text().notNull().default(""),
    /** model ids or patterns; empty means "inherit the organization's" */
    allowedModels: text().array().notNull().default([]),
    archivedAt: tz(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique().on(t.organizationId, t.slug), index().on(t.organizationId)],
);

export const environments = pgTable(
  "environments",
  {
    id: idColumn("environment"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    projectId: text()
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique().on(t.projectId, t.name)],
);

export const projectMembers = pgTable(
  "project_members",
  {
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    projectId: text()
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** a built-in project role, or null when `customRoleId` names a project-scoped custom role */
    role: projectRole(),
    customRoleId: text().references(() => roles.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.userId] }),
    index().on(t.organizationId, t.userId),
    check("project_members_one_role", sql`(${t.role} is null) <> (${t.customRoleId} is null)`),
  ],
);

export type Project = typeof projects.$inferSelect;
export type Environment = typeof environments.$inferSelect;
export type ProjectRole = (typeof projectRole.enumValues)[number];
