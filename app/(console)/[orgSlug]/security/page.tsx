import type { Metadata } from "next";
import { PageHeader, Section } from "@/components/ui/section";
import { getKeyPolicy } from "@/lib/keys/policy";
import { requireOrgPermission } from "@/lib/orgs/context";
import { KeyPolicyForm } from "./_components/key-policy-form";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { db, org, can } = await requireOrgPermission(orgSlug, "security.read");
  const policy = await getKeyPolicy(db, org.id);
  const canManage = can("security.manage");

  return (
    <>
      <PageHeader title="Security">The organization&apos;s security policies. Every change is audited.</PageHeader>
      <div className="space-y-6">
        <Section
          title="Key policy"
          description="Rules every team API key must follow. Keys that already exist keep working; the rules apply when a key is created or changed."
        >
          {!canManage && (
            <p className="mb-3 text-slate-600">
              You can view the key policy but not change it: that needs the owner or security owner role.
            </p>
          )}
          <KeyPolicyForm orgSlug={org.slug} policy={policy} disabled={!canManage} />
        </Section>
      </div>
    </>
  );
}
