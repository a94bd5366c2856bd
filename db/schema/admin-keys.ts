import { sql } from "drizzle-orm";
import { check, index, pgTable, text } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, idColumn, tz } from "./columns";
import { orgRole, organizations } from "./organizations";
import { roles } from "./roles";

// Organization admin keys: call the Admin API only, carry one organization role.
export const adminKeys = pgTable(
  "admin_keys",
  {
    id: idColumn("adminKey"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** the built-in role; `member` for a key carrying a custom role */
    role: orgRole().notNull(),
    customRoleId: text().references(() => roles.id),
    /** SHA-256 of the secret, hex; the secret itself is never stored */
    secretHash: text().notNull().unique(),
    /** the visible start of the secret (its prefix) and its last four characters */
    start: text().notNull(),
    last4: text().notNull(),
    createdById: text().references(() => users.id, { onDelete: "set null" }),
    expiresAt: tz(),
    revokedAt: tz(),
    lastUsedAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.organizationId),
    check("admin_keys_custom_role_on_member", sql`${t.customRoleId} is null or ${t.role} = 'member'`),
  ],
);

export type AdminKey = typeof adminKeys.$inferSelect;
