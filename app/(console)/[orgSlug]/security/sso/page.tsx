import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader, Section } from "@/components/ui/section";
import { holdersText } from "@/lib/rbac/holders";
import { requirePage } from "@/lib/server/page";
import { hasFeature, planOf } from "@/lib/orgs/plans";
import { isTested, listConnections } from "@/lib/sso/connections";
import { oidcRedirectUri } from "@/lib/sso/oidc";
import { ConnectionsTable } from "./_components/connections-table";
import { CopyValue } from "./_components/copy-value";
import { SsoUnavailable } from "./_components/sso-unavailable";

export const metadata: Metadata = { title: "Single sign-on" };

export default async function SsoPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "security.read");
  if (!access.allowed) return access.screen;
  const { db, org, can } = access;
  const canManage = can("security.manage");
  const available = hasFeature(org.plan, "sso");
  const header = (
    <PageHeader
      title="Single sign-on"
      actions={
        available && canManage ? (
          <Link href={`/${org.slug}/security/sso/new`} className={buttonClasses("primary", "sm")}>
            Add connection
          </Link>
        ) : undefined
      }
    >
      Members sign in through your identity provider (OIDC or SAML 2.0). A connection signs in only addresses of the organization&apos;s
      verified domains, and must pass a test sign-in before SSO can be enforced.
    </PageHeader>
  );
  if (!available) {
    return (
      <>
        {header}
        <SsoUnavailable planName={planOf(org.plan).name} />
      </>
    );
  }
  const rows = await listConnections(db, org.id);
  const connections = rows.map((c) => ({
    id: c.id,
    name: c.name,
    protocol: c.protocol,
    enabled: c.enabled,
    tested: isTested(c),
    testedAt: c.testedAt?.toISOString() ?? null,
    testedByEmail: c.testedByEmail,
    createdAt: c.createdAt.toISOString(),
    idp: c.protocol === "oidc" ? c.issuer : c.idpEntityId,
  }));
  return (
    <>
      {header}
      <div className="space-y-6">
        {!canManage && <p className="text-slate-600">You can view the connections but not change them: that needs {holdersText("security.manage")}.</p>}
        <Section title="Connections" description="Open a connection to test it, change its settings or delete it.">
          <ConnectionsTable orgSlug={org.slug} connections={connections} />
        </Section>
        <Section title="For OIDC providers" description="Register this redirect URI in your identity provider's application settings.">
          <CopyValue label="Redirect URI" value={oidcRedirectUri()} />
        </Section>
      </div>
    </>
  );
}
