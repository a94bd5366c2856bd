import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader, Section } from "@/components/ui/section";
import { holdersText } from "@/lib/rbac/holders";
import { requirePage } from "@/lib/server/page";
import { hasFeature, planOf, PLANS } from "@/lib/orgs/plans";
import { listDomains } from "@/lib/security/domains";
import { enforcementChecklist } from "@/lib/security/enforcement";
import { ownersRecoveryStatus } from "@/lib/security/recovery-codes";
import { ClaimDomainForm } from "./_components/claim-domain-form";
import { DomainsTable } from "./_components/domains-table";
import { EnforcementPanel } from "./_components/enforcement-panel";
import { RecoveryCodesPanel } from "./_components/recovery-codes-panel";

export const metadata: Metadata = { title: "Domains and SSO enforcement" };

const SSO_PLANS = Object.values(PLANS)
  .filter((p) => (p.features as readonly string[]).includes("sso"))
  .map((p) => p.name)
  .join(" and ");

export default async function SecurityDomainsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "security.read");
  if (!access.allowed) return access.screen;
  const { db, org, user, can } = access;
  const canManage = can("security.manage");
  const isOwner = can("security.recovery_codes");
  const header = (
    <PageHeader title="Domains and SSO enforcement">
      Prove the organization owns its email domains, then make single sign-on the only way in for their addresses.
    </PageHeader>
  );

  if (!hasFeature(org.plan, "sso")) {
    return (
      <>
        {header}
        <div role="status" className="rounded-lg border border-slate-200 bg-white p-6 shadow-xs">
          <p className="font-semibold text-slate-900">Domains and SSO enforcement are not part of the {planOf(org.plan).name} plan.</p>
          <p className="mt-1 text-slate-700">
            They come with single sign-on in the {SSO_PLANS} plan: verified domains let your identity provider sign in your members, and
            enforcement makes it their only way in. An owner can change the plan.
          </p>
        </div>
      </>
    );
  }

  const [domains, checklist, owners] = await Promise.all([listDomains(db, org.id), enforcementChecklist(db, org.id), ownersRecoveryStatus(db, org.id)]);
  const mine = owners.find((o) => o.userId === user.userId);

  return (
    <>
      {header}
      <div className="space-y-6">
        {!canManage && <p className="text-slate-600">You can view these settings but not change them: that needs {holdersText("security.manage")}.</p>}
        <div id="domains" className="scroll-mt-4">
          <Section
            title="Domains"
            description="A domain is verified by a DNS TXT record. Verified domains decide whose addresses your SSO may sign in and where enforcement applies; one organization per domain."
          >
            <div className="space-y-4">
              {canManage && <ClaimDomainForm orgSlug={org.slug} />}
              {domains.length === 0 ? (
                <EmptyState title="No domains yet">
                  Claim the domain of your members&apos; email addresses, publish the TXT record it shows at your DNS provider, then verify it.
                </EmptyState>
              ) : (
                <DomainsTable orgSlug={org.slug} domains={domains} canManage={canManage} enforced={checklist.enforced} />
              )}
            </div>
          </Section>
        </div>
        <Section title="SSO enforcement" description="Checked on every sign-in: email links are refused for the verified domains while it is on.">
          <EnforcementPanel
            orgSlug={org.slug}
            checklist={checklist}
            canManage={canManage}
            ownersWithoutCodes={owners.filter((o) => o.remaining === 0).map((o) => o.email)}
            userEmail={user.email}
          />
        </Section>
        <Section
          title="Break-glass recovery codes"
          description="Owners' way in when single sign-on is enforced and the identity provider cannot sign them in: single-use codes at Sign in with a recovery code."
        >
          {isOwner && mine ? (
            <RecoveryCodesPanel orgSlug={org.slug} remaining={mine.remaining} userEmail={user.email} />
          ) : (
            <p className="text-slate-700">Recovery codes belong to owners; each owner generates their own here.</p>
          )}
          <p className="mt-3 text-slate-600">
            Owners: {owners.map((o) => `${o.email} (${o.remaining} ${o.remaining === 1 ? "code" : "codes"} left)`).join(", ")}.
          </p>
        </Section>
      </div>
    </>
  );
}
