import { sql } from "drizzle-orm";
import { check, index, pgEnum, pgTable, text, unique } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, idColumn, updatedAt } from "./columns";
import { roles } from "./roles";

export const orgRole = pgEnum("org_role", ["owner", "admin", "security", "finance", "member"]);

export const organizations = pgTable("organizations", {
  id: idColumn("organization"),
  name: text().notNull(),
  slug: text().notNull().unique(),
  plan: text().notNull().default("team"),
  billingOwnerId: text().references(() => users.id, { onDelete: "set null" }),
  /** model ids or patterns the organization allows; empty means every catalog model */
  allowedModels: text().array().notNull().default([]),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const memberships = pgTable(
  "memberships",
  {
    id: idColumn("membership"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** the built-in role; `member` for the holder of a custom role */
    role: orgRole().notNull(),
    /** an organization-scoped custom role, whose permissions add to those of `member` */
    customRoleId: text().references(() => roles.id),
    /** how the member joined: created, invitation, sso, bootstrap, seed */
    joinedVia: text().notNull().default("created"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique().on(t.organizationId, t.userId),
    index().on(t.userId),
    index().on(t.customRoleId),
    check("memberships_custom_role_on_member", sql`${t.customRoleId} is null or ${t.role} = 'member'`),
  ],
);

export type Organization = typeof organizations.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type OrgRole = (typeof orgRole.enumValues)[number];
