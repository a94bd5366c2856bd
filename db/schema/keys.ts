import { boolean, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, idColumn, tz, updatedAt } from "./columns";
import { organizations } from "./organizations";
import { environments, projects } from "./projects";

// A named non-human identity of a project that can own keys.
export const serviceAccounts = pgTable(
  "service_accounts",
  {
    id: idColumn("serviceAccount"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    projectId: text()
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text().notNull(),
    createdById: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.projectId)],
);

// Team API keys. The id stays the same across rotations; secrets live in api_key_secrets.
export const apiKeys = pgTable(
  "api_keys",
  {
    id: idColumn("apiKey"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    projectId: text()
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    environmentId: text()
      .notNull()
      .references(() => environments.id, { onDelete: "restrict" }),
    name: text().notNull(),
    /** exactly one owner: a member or a service account of the project */
    ownerUserId: text().references(() => users.id, { onDelete: "set null" }),
    ownerServiceAccountId: text().references(() => serviceAccounts.id, { onDelete: "set null" }),
    start: text().notNull(),
    last4: text().notNull(),
    allowedRoutes: text().array().notNull().default([]),
    allowedModels: text().array().notNull().default([]),
    ipAllowlist: text().array().notNull().default([]),
    rateLimitPerMinute: integer(),
    expiresAt: tz(),
    revokedAt: tz(),
    lastUsedAt: tz(),
    lastUsedIp: text(),
    /** set by the expiry sweep when it emits `key.expiring` (7 and 1 days before) and `key.expired` */
    expiringNotice7At: tz(),
    expiringNotice1At: tz(),
    expiredNotifiedAt: tz(),
    createdById: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index().on(t.projectId), index().on(t.organizationId), index().on(t.ownerUserId)],
);

// Every secret a key has had. The current one has no expiry; a rotated one keeps working
// until its grace period ends.
export const apiKeySecrets = pgTable(
  "api_key_secrets",
  {
    secretHash: text().primaryKey(),
    keyId: text()
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    current: boolean().notNull().default(true),
    /** when this secret stops working (rotated secrets only) */
    expiresAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.keyId), index().on(t.createdAt)],
);

// The organization's key policy (security owners).
export const keyPolicies = pgTable("key_policies", {
  organizationId: text()
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  maxLifetimeDays: integer(),
  requireExpiry: boolean().notNull().default(false),
  requireIpAllowlistForProduction: boolean().notNull().default(false),
  /** project roles that may create production keys (owners and admins always may) */
  productionKeyRoles: text().array().notNull().default(["project_admin", "developer"]),
  updatedAt: updatedAt(),
});

export type ApiKey = typeof apiKeys.$inferSelect;
export type ServiceAccount = typeof serviceAccounts.$inferSelect;
export type KeyPolicy = typeof keyPolicies.$inferSelect;
