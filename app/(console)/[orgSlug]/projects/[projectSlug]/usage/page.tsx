import type { Metadata } from "next";
import Link from "next/link";
import { SpendDashboard } from "@/components/usage/spend-dashboard";
import { Badge } from "@/components/ui/badge";
import { PageHeader, Section } from "@/components/ui/section";
import { getBudget } from "@/lib/usage/budget-settings";
import { spendScreen } from "@/lib/usage/spend-screen";
import { ProjectTabs } from "../_components/project-tabs";
import { holdersText } from "@/lib/rbac/holders";
import { requirePage } from "@/lib/server/page";
import { projectTitle, resolveProject } from "../_lib/load-project";
import { BudgetForm } from "./_components/budget-form";
import { BudgetStatus } from "./_components/budget-status";

type Params = { orgSlug: string; projectSlug: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { orgSlug, projectSlug } = await params;
  return projectTitle(orgSlug, projectSlug, "Usage");
}

export default async function ProjectUsagePage({ params }: { params: Promise<Params> }) {
  const { orgSlug, projectSlug } = await params;
  const { project, target } = await resolveProject(orgSlug, projectSlug);
  const access = await requirePage(orgSlug, "usage.read", target);
  if (!access.allowed) return access.screen;
  const { db, ctx, org, can } = access;
  const [screen, budget] = await Promise.all([spendScreen(db, ctx, "model", project.id), getBudget(db, ctx, project.id)]);
  const archived = project.archivedAt !== null;

  return (
    <>
      <p className="mb-2">
        <Link href={`/${org.slug}/projects`} className="font-medium text-indigo-700 hover:underline">
          ← Projects
        </Link>
      </p>
      <PageHeader title={project.name}>
        <span className="font-mono">{project.slug}</span> · {archived ? <Badge tone="warning">Archived</Badge> : <Badge tone="success">Active</Badge>}
      </PageHeader>
      <ProjectTabs base={`/${org.slug}/projects/${project.slug}`} current="usage" showKeys={can("key.read", target)} />
      <div className="space-y-6">
        <Section title="Monthly budget" description="Alerts go to owners, admins, finance owners and the project's admins, once per threshold per month.">
          <div className="space-y-5">
            <BudgetStatus budget={budget} />
            {can("budget.manage", target) ? (
              <BudgetForm orgSlug={org.slug} projectId={project.id} budget={budget} disabled={archived} />
            ) : (
              <p className="text-slate-600">Setting budgets needs {holdersText("budget.manage", "project")}.</p>
            )}
          </div>
        </Section>
        <SpendDashboard
          organizationId={org.id}
          labels={screen.labels}
          today={screen.today}
          initial={screen.initial}
          projectId={project.id}
          groupings={["model", "environment"]}
          filePrefix={`${org.slug}-${project.slug}`}
        />
      </div>
    </>
  );
}
