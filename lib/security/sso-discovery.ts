import { and, asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { organizations, ssoConnections } from "@/db/schema";
import { hasFeature } from "@/lib/orgs/plans";
import { organizationForVerifiedDomain } from "./domains";

// "Sign in with SSO": a work email (its domain → the organization that verified it) or an
// organization slug → that organization's enabled connections.

export type SsoDiscovery =
  | { ok: true; organization: { name: string; slug: string }; connections: { id: string; name: string; protocol: string }[] }
  | { ok: false; field: "identifier"; message: string };

export async function discoverSso(db: Queryable, identifier: string): Promise<SsoDiscovery> {
  const value = identifier.trim().toLowerCase();
  if (!value) return { ok: false, field: "identifier", message: "Enter your work email or your organization's URL name." };
  let org: { id: string; name: string; slug: string; plan: string } | null;
  if (value.includes("@")) {
    const domain = value.slice(value.lastIndexOf("@") + 1);
    org = domain ? await organizationForVerifiedDomain(db, domain) : null;
    if (!org) {
      return {
        ok: false,
        field: "identifier",
        message: `No organization uses single sign-on for ${domain || "that address"}. Check the address, try your organization's URL name, or sign in with an email link.`,
      };
    }
  } else {
    const slug = value.replace(/^\/+|\/+$/g, "");
    [org = null] = await db
      .select({ id: organizations.id, name: organizations.name, slug: organizations.slug, plan: organizations.plan })
      .from(organizations)
      .where(eq(organizations.slug, slug));
    if (!org) return { ok: false, field: "identifier", message: `There is no organization “${slug}”. Check the name in your console address (console/<name>/…), or enter your work email.` };
  }
  const connections = hasFeature(org.plan, "sso")
    ? await db
        .select({ id: ssoConnections.id, name: ssoConnections.name, protocol: ssoConnections.protocol })
        .from(ssoConnections)
        .where(and(eq(ssoConnections.organizationId, org.id), eq(ssoConnections.enabled, true)))
        .orderBy(asc(ssoConnections.name))
    : [];
  if (connections.length === 0) {
    return { ok: false, field: "identifier", message: `${org.name} has no single sign-on connection turned on. Sign in with an email link, or ask your administrator.` };
  }
  return { ok: true, organization: { name: org.name, slug: org.slug }, connections };
}
