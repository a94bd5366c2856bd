import type { Metadata } from "next";
import { PageHeader, Section } from "@/components/ui/section";
import { getKeyPolicy } from "@/lib/keys/policy";
import { holdersText } from "@/lib/rbac/holders";
import { requirePage } from "@/lib/server/page";
import { sessionPolicyOf } from "@/lib/security/sessions";
import { KeyPolicyForm } from "./_components/key-policy-form";
import { SessionPolicyForm } from "./_components/session-policy-form";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "security.read");
  if (!access.allowed) return access.screen;
  const { db, org, can } = access;
  const [policy, sessionPolicy] = await Promise.all([getKeyPolicy(db, org.id), sessionPolicyOf(db, org.id)]);
  const canManage = can("security.manage");

  return (
    <>
      <PageHeader title="Security">The organization&apos;s security policies. Every change is audited.</PageHeader>
      <div className="space-y-6">
        {!canManage && (
          <p className="text-slate-600">You can view these policies but not change them: that needs {holdersText("security.manage")}.</p>
        )}
        <Section
          title="Key policy"
          description="Rules every team API key must follow. Keys that already exist keep working; the rules apply when a key is created or changed."
        >
          <KeyPolicyForm orgSlug={org.slug} policy={policy} disabled={!canManage} />
        </Section>
        <Section
          title="Session policy"
          description="How long a console session may serve this organization. A session past either limit ends on its next request here, and the member is asked to sign in again."
        >
          <p className="mb-3 text-slate-600">
            A session belongs to a person, not to one organization: when this policy ends it, the person is signed out of every
            organization they belong to.
          </p>
          <SessionPolicyForm orgSlug={org.slug} policy={sessionPolicy} disabled={!canManage} />
        </Section>
      </div>
    </>
  );
}
