import { integer, primaryKey, text, timestamp, pgTable } from "drizzle-orm/pg-core";
import { createdAt, idColumn, tz } from "./columns";

// Tables of Auth.js (@auth/drizzle-adapter), with our typed ids and a few extra columns.
export const users = pgTable("users", {
  id: idColumn("user"),
  name: text(),
  email: text().notNull().unique(),
  emailVerified: timestamp({ withTimezone: true, mode: "date" }),
  image: text(),
  createdAt: createdAt(),
  lastSignInAt: tz(),
});

export const accounts = pgTable(
  "accounts",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text(),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable("sessions", {
  sessionToken: text().primaryKey(),
  userId: text()
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  createdAt: createdAt(),
  /** updated (at most once a minute) by requests; drives idle timeouts */
  lastActiveAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  ip: text(),
  userAgent: text(),
  /** magic_link, oidc, saml or recovery_code */
  method: text().notNull().default("magic_link"),
  ssoConnectionId: text(),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

export type User = typeof users.$inferSelect;
