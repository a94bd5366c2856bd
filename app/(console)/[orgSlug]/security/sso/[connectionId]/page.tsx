import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { PageHeader, Section } from "@/components/ui/section";
import { holdersText } from "@/lib/rbac/holders";
import { requirePage } from "@/lib/server/page";
import { hasFeature, planOf } from "@/lib/orgs/plans";
import { ROLE_LABELS } from "@/lib/rbac";
import { grantableCustomRoles } from "@/lib/roles/service";
import { AppError } from "@/lib/core/errors";
import { readTestResult } from "@/lib/sso/complete";
import { getConnection, isTested, publicConnection } from "@/lib/sso/connections";
import { oidcRedirectUri } from "@/lib/sso/oidc";
import { samlSpUrls } from "@/lib/sso/saml-metadata";
import { DeleteConnectionButton, TestSignInButton } from "../_components/connection-actions";
import { ConnectionForm } from "../_components/connection-form";
import { ConnectionStatus } from "../_components/connection-status";
import { CopyValue } from "../_components/copy-value";
import { SsoUnavailable } from "../_components/sso-unavailable";
import { TestResultPanel } from "../_components/test-result";

export const metadata: Metadata = { title: "SSO connection", referrer: "no-referrer" };

type Props = { params: Promise<{ orgSlug: string; connectionId: string }>; searchParams: Promise<{ test?: string }> };

export default async function ConnectionPage({ params, searchParams }: Props) {
  const { orgSlug, connectionId } = await params;
  const access = await requirePage(orgSlug, "security.read");
  if (!access.allowed) return access.screen;
  const { db, org, can } = access;
  // a connection this organization does not have is a 404 whatever the plan
  const conn = await getConnection(db, org.id, connectionId).catch((e) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  if (!hasFeature(org.plan, "sso")) return <SsoUnavailable planName={planOf(org.plan).name} />;
  const canManage = can("security.manage");
  const result = readTestResult(conn.id, (await searchParams).test);
  const status = { enabled: conn.enabled, tested: isTested(conn), testedAt: conn.testedAt?.toISOString() ?? null, testedByEmail: conn.testedByEmail };
  const sp = conn.protocol === "saml" ? samlSpUrls(conn.id) : null;

  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {conn.name} <Badge tone="info">{conn.protocol.toUpperCase()}</Badge>
          </span>
        }
        actions={
          <Link href={`/${org.slug}/security/sso`} className="font-medium text-indigo-700 hover:underline">
            All connections
          </Link>
        }
      >
        <ConnectionStatus connection={status} />
      </PageHeader>
      <div className="space-y-6">
        {result && <TestResultPanel result={result} />}
        <Section
          title="Test sign-in"
          description="Sign in at the identity provider as yourself or a test account. Nothing is created: the console checks the answer, records the test and shows what it received. SSO can be enforced only with a tested connection."
        >
          <TestSignInButton orgSlug={org.slug} connectionId={conn.id} disabled={!canManage} />
          {!canManage && <p className="mt-2 text-slate-600">Running a test needs {holdersText("security.manage")}.</p>}
        </Section>
        <Section title="Enter these at your identity provider">
          {sp ? (
            <div className="space-y-3">
              <CopyValue label="SP entity ID (audience)" value={sp.entityId} />
              <CopyValue label="ACS URL (reply URL)" value={sp.acsUrl} hint="HTTP-POST binding." />
              <CopyValue label="SP metadata URL" value={sp.metadataUrl} hint="Or give your IdP this URL to read both at once." />
            </div>
          ) : (
            <CopyValue label="Redirect URI" value={oidcRedirectUri()} />
          )}
          <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-slate-800">
            {conn.protocol === "oidc" ? (
              <>
                <dt className="font-medium">Issuer</dt>
                <dd className="break-all">{conn.issuer}</dd>
                <dt className="font-medium">Client ID</dt>
                <dd className="break-all">{conn.clientId}</dd>
              </>
            ) : (
              <>
                <dt className="font-medium">IdP entity ID</dt>
                <dd className="break-all">{conn.idpEntityId}</dd>
                <dt className="font-medium">IdP sign-in URL</dt>
                <dd className="break-all">{conn.idpSsoUrl}</dd>
                <dt className="font-medium">Signing certificates</dt>
                <dd>{conn.idpCertificates.length}</dd>
              </>
            )}
            <dt className="font-medium">Default role</dt>
            <dd>{ROLE_LABELS[conn.defaultRole]}</dd>
            <dt className="font-medium">Sign-in link</dt>
            <dd className="break-all font-mono text-xs">{`/sso/${conn.id}/start`}</dd>
          </dl>
        </Section>
        {canManage && (
          <>
            <Section title="Settings" description="Changing the issuer, client or secret (OIDC) or the metadata (SAML) needs a new test.">
              <ConnectionForm
                orgSlug={org.slug}
                protocol={conn.protocol}
                connection={publicConnection(conn)}
                customRoles={await grantableCustomRoles(db, access.ctx, "organization")}
              />
            </Section>
            <Section title="Delete" description="Removes the connection. People who signed in through it keep their accounts and memberships.">
              <DeleteConnectionButton orgSlug={org.slug} connectionId={conn.id} name={conn.name} />
            </Section>
          </>
        )}
      </div>
    </>
  );
}
