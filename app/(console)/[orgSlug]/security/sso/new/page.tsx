import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader, Section } from "@/components/ui/section";
import { grantableCustomRoles } from "@/lib/roles/service";
import { requirePage } from "@/lib/server/page";
import { hasFeature, planOf } from "@/lib/orgs/plans";
import { oidcRedirectUri } from "@/lib/sso/oidc";
import { ConnectionForm } from "../_components/connection-form";
import { CopyValue } from "../_components/copy-value";
import { SsoUnavailable } from "../_components/sso-unavailable";

export const metadata: Metadata = { title: "Add an SSO connection" };

export default async function NewConnectionPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<{ protocol?: string }> }) {
  const { orgSlug } = await params;
  const protocol = (await searchParams).protocol === "saml" ? "saml" : "oidc";
  const access = await requirePage(orgSlug, "security.manage");
  if (!access.allowed) return access.screen;
  const { org } = access;
  if (!hasFeature(org.plan, "sso")) return <SsoUnavailable planName={planOf(org.plan).name} />;
  const base = `/${org.slug}/security/sso/new`;
  const tab = (p: "oidc" | "saml", label: string) => (
    <Link
      href={`${base}?protocol=${p}`}
      aria-current={protocol === p ? "page" : undefined}
      className={`rounded-md px-3 py-1.5 font-medium ${protocol === p ? "bg-indigo-600 text-white" : "text-indigo-700 hover:bg-indigo-50"}`}
    >
      {label}
    </Link>
  );
  return (
    <>
      <PageHeader title="Add an SSO connection">
        <Link href={`/${org.slug}/security/sso`} className="text-indigo-700 hover:underline">
          Back to single sign-on
        </Link>
      </PageHeader>
      <nav aria-label="Protocol" className="mb-4 flex gap-2">
        {tab("oidc", "OpenID Connect")}
        {tab("saml", "SAML 2.0")}
      </nav>
      <div className="space-y-6">
        {protocol === "oidc" ? (
          <Section title="1. Register the console at your identity provider" description="Create a web application (confidential client, authorization code flow) with this redirect URI.">
            <CopyValue label="Redirect URI" value={oidcRedirectUri()} />
          </Section>
        ) : (
          <Section
            title="1. Your identity provider's metadata"
            description="After you add the connection, its page shows the console's entity ID, ACS URL and metadata URL to enter at your identity provider."
          >
            <p className="text-slate-700">Export the IdP metadata XML (or copy its metadata URL) from your identity provider.</p>
          </Section>
        )}
        <Section title={`2. ${protocol === "oidc" ? "OpenID Connect" : "SAML 2.0"} settings`}>
          <ConnectionForm orgSlug={org.slug} protocol={protocol} customRoles={await grantableCustomRoles(access.db, access.ctx, "organization")} />
        </Section>
      </div>
    </>
  );
}
