import type { Metadata } from "next";
import { PlanFeatures } from "@/components/orgs/plan-features";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader, Section } from "@/components/ui/section";
import { holdersPlural, holdersText, rolesHolding } from "@/lib/rbac/holders";
import { requirePage } from "@/lib/server/page";
import { deletionSummary } from "@/lib/orgs/delete-organization";
import { planOf } from "@/lib/orgs/plans";
import { DeleteOrganizationForm } from "./_components/delete-organization-form";
import { RenameOrganizationForm } from "./_components/rename-organization-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "org.read");
  if (!access.allowed) return access.screen;
  const { db, org, can } = access;
  const summary = can("org.delete") ? await deletionSummary(db, org.id) : null;
  const plan = planOf(org.plan);
  const details = [
    { term: "Slug", value: <span className="font-mono">{org.slug}</span> },
    { term: "Organization ID", value: <span className="font-mono">{org.id}</span> },
    { term: "Plan", value: plan.name },
    { term: "Created", value: <DateTime value={org.createdAt.toISOString()} /> },
  ];

  return (
    <>
      <PageHeader title="Settings">The organization&apos;s name, identifiers and plan.</PageHeader>
      <div className="space-y-6">
        <Section title="General">
          {can("org.update") ? (
            <RenameOrganizationForm orgSlug={org.slug} name={org.name} />
          ) : (
            <div className="space-y-2">
              <p>
                <span className="font-medium text-slate-800">Organization name:</span> {org.name}
              </p>
              <p className="text-slate-600">
                You can view these settings but not change them: renaming the organization needs {holdersText("org.update")}.
              </p>
            </div>
          )}
        </Section>
        <Section title="Details" description="Use the ID when you call the Admin API or contact support.">
          <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
            {details.map((d) => (
              <div key={d.term} className="contents">
                <dt className="font-medium text-slate-700">{d.term}</dt>
                <dd className="text-slate-900">{d.value}</dd>
              </div>
            ))}
          </dl>
        </Section>
        <Section title="Plan features" description={`What the ${plan.name} plan includes. Plan changes arrive with billing.`}>
          <PlanFeatures planId={org.plan} />
        </Section>
        {summary && (
          <Section title="Delete organization" description={`Danger zone: only ${holdersPlural(rolesHolding("org.delete").organization)} see this, and it cannot be undone.`}>
            <div className="space-y-3">
              <p>Deleting {org.name} deletes everything in it, at once and for good:</p>
              <ul className="list-disc space-y-1 pl-5 text-slate-700">
                <li>
                  {plural(summary.projects, "project")} with {plural(summary.liveKeys, "API key")}: the keys stop verifying at
                  once, on every server
                </li>
                <li>usage and spend history, budgets and {plural(summary.invoices, "invoice")}</li>
                <li>the audit log, {plural(summary.webhookEndpoints, "webhook endpoint")} and their delivery logs, SSO connections and domains</li>
                <li>
                  the memberships of {plural(summary.members, "member")} and pending invitations; their accounts stay, and they
                  keep their other organizations
                </li>
              </ul>
              <p>Owners and admins are emailed that you deleted it.</p>
              <DeleteOrganizationForm orgSlug={org.slug} orgName={org.name} />
            </div>
          </Section>
        )}
      </div>
    </>
  );
}

/** "1 project", "3 projects"; with none, just "projects" (the sentence still says what would go). */
const plural = (n: number, noun: string) => (n === 0 ? `${noun}s` : `${n} ${noun}${n === 1 ? "" : "s"}`);
