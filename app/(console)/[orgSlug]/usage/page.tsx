import type { Metadata } from "next";
import { SpendDashboard } from "@/components/usage/spend-dashboard";
import { PageHeader } from "@/components/ui/section";
import { requirePage } from "@/lib/server/page";
import { spendScreen } from "@/lib/usage/spend-screen";

export const metadata: Metadata = { title: "Spend" };

// Finance, owners, admins and security owners see every project; members only theirs.
export default async function SpendPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "usage.read", { kind: "projects" });
  if (!access.allowed) return access.screen;
  const { db, ctx, org, can } = access;
  const screen = await spendScreen(db, ctx, "projectId");
  const everyProject = can("usage.read");

  return (
    <>
      <PageHeader title="Spend">
        Usage and cost of {everyProject ? "every project" : "the projects you belong to"} in {org.name}, as the platform reports it. Times and months are UTC.
      </PageHeader>
      <SpendDashboard
        organizationId={org.id}
        labels={screen.labels}
        today={screen.today}
        initial={screen.initial}
        groupings={["projectId", "model"]}
        filePrefix={org.slug}
      />
    </>
  );
}
