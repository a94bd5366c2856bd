import type { Metadata } from "next";
import Link from "next/link";
import { PlanFeatures } from "@/components/orgs/plan-features";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader, Section } from "@/components/ui/section";
import { requirePage } from "@/lib/server/page";
import { planOf } from "@/lib/orgs/plans";
import { organizationCounts } from "@/lib/orgs/queries";
import { roleLabelOf } from "@/lib/rbac";

export const metadata: Metadata = { title: "Overview" };

function Stat({ label, value, detail }: { label: string; value: number; detail?: string }) {
  return (
    <Card>
      <dt className="text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold text-slate-900">{value}</dd>
      {detail && <dd className="text-slate-600">{detail}</dd>}
    </Card>
  );
}

export default async function OverviewPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "org.read");
  if (!access.allowed) return access.screen;
  const { db, org, principal, can } = access;
  const counts = await organizationCounts(db, principal);
  const base = `/${org.slug}`;
  const links = [
    { href: `${base}/projects`, label: "View projects", show: true },
    { href: `${base}/governance`, label: "Governance overview: isolation, key hygiene, roles, SSO and alerts", show: true },
    { href: `${base}/projects?new=1`, label: "Create a project", show: can("project.create") },
    { href: `${base}/admin-keys`, label: "Manage admin keys", show: can("admin_key.manage") },
    { href: `${base}/settings`, label: can("org.update") ? "Edit organization settings" : "View organization settings", show: true },
  ].filter((l) => l.show);

  return (
    <>
      <PageHeader title={org.name}>
        <span className="font-mono">{org.slug}</span> · {planOf(org.plan).name} plan · You are{" "}
        <Badge tone="info">{roleLabelOf(principal)}</Badge>
      </PageHeader>
      <div className="space-y-6">
        <dl className="grid gap-3 sm:grid-cols-3">
          <Stat
            label={can("project.read") ? "Active projects" : "Your active projects"}
            value={counts.projects.active}
            detail={`${counts.projects.archived} archived`}
          />
          <Stat label="Members" value={counts.members} />
          {can("admin_key.manage") && <Stat label="Active admin keys" value={counts.activeAdminKeys} />}
        </dl>
        <div className="grid gap-6 lg:grid-cols-2">
          <Section title="Plan features" description={`What the ${planOf(org.plan).name} plan includes for this organization.`}>
            <PlanFeatures planId={org.plan} />
          </Section>
          <Section title="Quick links">
            <ul className="space-y-2">
              {links.map((l) => (
                <li key={l.href}>
                  <Link href={l.href} className="font-medium text-indigo-700 hover:underline">
                    {l.label}
                  </Link>
                </li>
              ))}
            </ul>
          </Section>
        </div>
      </div>
    </>
  );
}
