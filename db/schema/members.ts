import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, unique } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, idColumn, tz, updatedAt } from "./columns";
import { orgRole, organizations } from "./organizations";
import type { ProjectRole } from "./projects";
import { roles } from "./roles";

/** `role`: a built-in project role or the id of a project-scoped custom role */
export type InvitedProjectRole = { projectId: string; role: ProjectRole | string };

// Invitations to join an organization. The token is single-use and only its SHA-256 is kept;
// an invitation is pending until accepted, revoked or past `expiresAt`.
export const invitations = pgTable(
  "invitations",
  {
    id: idColumn("invitation"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** lower case; accepting requires signing in with this address */
    email: text().notNull(),
    role: orgRole().notNull(),
    /** an organization-scoped custom role (then `role` is `member`) */
    customRoleId: text().references(() => roles.id),
    /** project roles given on acceptance (organization `member`s only) */
    projectRoles: jsonb().$type<InvitedProjectRole[]>().notNull().default([]),
    /** SHA-256 of the token, hex; resending replaces it */
    tokenHash: text().notNull(),
    invitedById: text().references(() => users.id, { onDelete: "set null" }),
    expiresAt: tz().notNull(),
    sentAt: tz().notNull().defaultNow(),
    acceptedAt: tz(),
    acceptedById: text().references(() => users.id, { onDelete: "set null" }),
    revokedAt: tz(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique().on(t.tokenHash),
    index().on(t.organizationId, t.email),
    check("invitations_custom_role_on_member", sql`${t.customRoleId} is null or ${t.role} = 'member'`),
  ],
);

export type Invitation = typeof invitations.$inferSelect;
