import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { ssoConnections, ssoDomains, type SsoConnection } from "@/db/schema";
import { connectionFingerprint, createConnection } from "@/lib/sso/connections";
import { BROWSER_KEY_COOKIE } from "@/lib/sso/login-state";
import { unique, type OrgFixture } from "./factories";

// Factories for SSO tests, shared by the SSO, SAML and domains/enforcement suites.
// Add functions; do not rewrite the others'.

// ---- domains and enforcement (H3) -------------------------------------------------------

/** An OIDC connection made through the real service (audit and event included); nothing is fetched. */
export async function createOidcConnection(fx: OrgFixture, overrides: { name?: string; issuer?: string; enabled?: boolean } = {}): Promise<SsoConnection> {
  const db = await getDb();
  return db.transaction((tx) =>
    createConnection(tx, fx.ctx, {
      protocol: "oidc",
      name: overrides.name ?? unique("Okta"),
      issuer: overrides.issuer ?? "https://idp.example.test",
      clientId: unique("client"),
      clientSecret: "client-secret-0123456789",
      defaultRole: "member",
      enabled: overrides.enabled,
    }),
  );
}

/** Marks a connection as having passed a console test with its current settings (what a test sign-in records). */
export async function markTested(conn: SsoConnection, testedById: string): Promise<SsoConnection> {
  const db = await getDb();
  const [row] = await db
    .update(ssoConnections)
    .set({ testedAt: new Date(), testedById, testedFingerprint: connectionFingerprint(conn) })
    .where(eq(ssoConnections.id, conn.id))
    .returning();
  return row!;
}

/** A verified domain of the organization, written directly (the DNS flow has its own tests). */
export async function addVerifiedDomain(organizationId: string, domain = `${unique("corp")}.test`): Promise<string> {
  const db = await getDb();
  await db.insert(ssoDomains).values({ organizationId, domain, verificationToken: unique("token"), verifiedAt: new Date() });
  return domain;
}

// ---- SAML (H2) ----------------------------------------------------------------------------

/** A SAML connection made through the real service from IdP metadata XML (audit and event included). */
export async function createSamlConnection(
  fx: OrgFixture,
  metadataXml: string,
  overrides: { name?: string; defaultRole?: "admin" | "security" | "finance" | "member"; groupsClaim?: string | null; groupRoleMapping?: Record<string, "admin" | "security" | "finance" | "member">; enabled?: boolean } = {},
): Promise<SsoConnection> {
  const db = await getDb();
  return db.transaction((tx) =>
    createConnection(tx, fx.ctx, {
      protocol: "saml",
      name: overrides.name ?? unique("Entra"),
      metadataXml,
      defaultRole: overrides.defaultRole ?? "member",
      groupsClaim: overrides.groupsClaim ?? null,
      groupRoleMapping: overrides.groupRoleMapping ?? {},
      enabled: overrides.enabled,
    }),
  );
}

// ---- browsers (the login state's cookie) ----------------------------------------------------

/** One browser's SSO cookie: the key a start binds its login state to, and the Cookie header presenting it. */
export function ssoBrowser(): { key: string; cookie: string } {
  const key = randomBytes(32).toString("base64url");
  return { key, cookie: `${BROWSER_KEY_COOKIE}=${key}` };
}
