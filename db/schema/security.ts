import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, idColumn, tz, updatedAt } from "./columns";
import { orgRole, organizations } from "./organizations";

export type SsoProtocol = "oidc" | "saml";
/** IdP group name → organization role given at sign-in (JIT and every later sign-in): built-in, or a custom role's id. */
export type GroupRoleMapping = Record<string, "admin" | "security" | "finance" | "member" | `role_${string}`>;

// An organization's identity-provider connection. Secrets are sealed with lib/crypto/secret-box.
export const ssoConnections = pgTable(
  "sso_connections",
  {
    id: idColumn("ssoConnection"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    protocol: text().$type<SsoProtocol>().notNull(),
    name: text().notNull(),
    enabled: boolean().notNull().default(true),
    // OIDC
    issuer: text(),
    clientId: text(),
    /** AES-256-GCM sealed client secret; never returned */
    clientSecretSealed: text(),
    // SAML: the IdP's metadata as given, and what was read from it
    idpMetadataXml: text(),
    idpMetadataUrl: text(),
    idpEntityId: text(),
    idpSsoUrl: text(),
    /** PEM or base64 signing certificates of the IdP */
    idpCertificates: text().array().notNull().default([]),
    // Provisioning
    /** organization role given to a user created by just-in-time provisioning */
    defaultRole: orgRole().notNull().default("member"),
    /** claim (OIDC) or attribute (SAML) that carries group names; null disables mapping */
    groupsClaim: text(),
    groupRoleMapping: jsonb().$type<GroupRoleMapping>().notNull().default({}),
    /** last successful test sign-in from the console; required before enforcement */
    testedAt: tz(),
    testedById: text().references(() => users.id, { onDelete: "set null" }),
    /** configuration fingerprint at the last successful test (a change needs a new test) */
    testedFingerprint: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index().on(t.organizationId)],
);

// Domains an organization claims; verified by a DNS TXT record. One organization per verified domain.
export const ssoDomains = pgTable(
  "sso_domains",
  {
    id: idColumn("domain"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** lower case, no trailing dot */
    domain: text().notNull(),
    /** value to publish in TXT `_anyint-challenge.<domain>` */
    verificationToken: text().notNull(),
    verifiedAt: tz(),
    lastCheckedAt: tz(),
    lastCheckError: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex().on(t.organizationId, t.domain),
    uniqueIndex("sso_domains_verified_domain").on(t.domain).where(sql`${t.verifiedAt} is not null`),
  ],
);

// In-flight sign-ins (OIDC state/PKCE/nonce, SAML request id). Single use, short-lived.
export const ssoLoginStates = pgTable(
  "sso_login_states",
  {
    /** the OIDC `state` or the SAML RelayState */
    id: text().primaryKey(),
    connectionId: text()
      .notNull()
      .references(() => ssoConnections.id, { onDelete: "cascade" }),
    /** sign_in, or test (a console test run by `initiatedById`) */
    purpose: text().$type<"sign_in" | "test">().notNull(),
    initiatedById: text().references(() => users.id, { onDelete: "cascade" }),
    codeVerifier: text(),
    nonce: text(),
    /** SAML AuthnRequest ID, matched against InResponseTo */
    requestId: text(),
    returnTo: text(),
    /** SHA-256 of the random cookie set on the browser that started the sign-in */
    browserKeyHash: text(),
    expiresAt: tz().notNull(),
    usedAt: tz(),
    createdAt: createdAt(),
  },
);

// Replay guard: SAML assertion ids (and any other one-time identifiers) seen, until they expire.
export const ssoReplayGuard = pgTable("sso_replay_guard", {
  id: text().primaryKey(),
  connectionId: text()
    .notNull()
    .references(() => ssoConnections.id, { onDelete: "cascade" }),
  expiresAt: tz().notNull(),
  createdAt: createdAt(),
});

// The organization's SSO enforcement and session policy (security owners).
export const securityPolicies = pgTable("security_policies", {
  organizationId: text()
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  /** users of the verified domains may only sign in through SSO */
  ssoEnforced: boolean().notNull().default(false),
  /** a session older than this is ended on its next request into the organization; null = no limit */
  sessionMaxAgeSeconds: integer(),
  /** a session idle longer than this is ended on its next request into the organization; null = no limit */
  sessionIdleTimeoutSeconds: integer(),
  updatedAt: updatedAt(),
});

// Break-glass recovery codes of owners: single use, only the SHA-256 is kept.
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: idColumn("recoveryCode"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text().notNull().unique(),
    usedAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.organizationId, t.userId)],
);

export type SsoConnection = typeof ssoConnections.$inferSelect;
export type SsoDomain = typeof ssoDomains.$inferSelect;
export type SecurityPolicy = typeof securityPolicies.$inferSelect;
