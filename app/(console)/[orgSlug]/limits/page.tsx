import type { Metadata } from "next";
import { LimitsEditor } from "@/components/limits/limits-editor";
import { MonitorChart } from "@/components/limits/monitor-chart";
import { PageHeader, Section } from "@/components/ui/section";
import { requirePage } from "@/lib/server/page";
import { BudgetsOverview } from "./_components/budgets-overview";
import { OrgBudgetBars } from "./_components/org-budget-bars";
import { limitsScreen } from "./_lib/limits-screen";

export const metadata: Metadata = { title: "Limits" };

// Everyone who reads the whole organization's usage (owners, admins, security and finance
// owners); owners and finance owners change budgets, owners and admins rate limits.
export default async function LimitsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "usage.read");
  if (!access.allowed) return access.screen;
  const { db, ctx, org, can } = access;
  const screen = await limitsScreen(db, ctx);
  const { view } = screen;

  return (
    <>
      <PageHeader title="Limits">
        Budgets and rate limits of {org.name}. Every key is held against its own limits, its project&apos;s and these: all must have room, and the
        tightest one refuses. Periods and times are UTC.
      </PageHeader>
      <div className="space-y-6">
        <Section title="This period" description="The organization's spend in the current UTC day, week or month against each of its own budgets.">
          <OrgBudgetBars budgets={view.budgets} />
        </Section>
        <Section
          title="Organization budgets and rate limits"
          description="Each section is saved on its own. Monitor mode lets every call through and counts what it would have refused, to try a limit on live traffic first."
        >
          <LimitsEditor
            level="organization"
            targetId={org.id}
            organizationId={org.id}
            initial={view}
            canBudgets={can("budget.manage")}
            canRates={can("org.update")}
            models={screen.models}
          />
        </Section>
        <Section title="What monitor limits would have refused" description="Calls the organization's monitor limits counted but let through, per UTC day over the last 7 days.">
          <MonitorChart days={view.monitorRefusals} today={screen.today} />
        </Section>
        <Section title="Every budget" description="The organization's, its projects' and its keys' budgets, closest to their limit first.">
          <BudgetsOverview organizationId={org.id} orgSlug={org.slug} initial={screen.budgets} at={screen.at} projects={screen.projects} canKeys={can("key.read")} />
        </Section>
      </div>
    </>
  );
}
