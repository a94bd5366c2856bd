import type { Metadata } from "next";
import Link from "next/link";
import { LimitsEditor } from "@/components/limits/limits-editor";
import { MonitorChart } from "@/components/limits/monitor-chart";
import { Badge } from "@/components/ui/badge";
import { PageHeader, Section } from "@/components/ui/section";
import { getLimits, limitTarget } from "@/lib/limits/settings";
import { modelCatalogFor } from "@/lib/models/service";
import { ProjectTabs } from "../_components/project-tabs";
import { requirePage } from "@/lib/server/page";
import { projectTitle, resolveProject } from "../_lib/load-project";
import { LimitsSummary } from "./_components/limits-summary";

type Params = { orgSlug: string; projectSlug: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { orgSlug, projectSlug } = await params;
  return projectTitle(orgSlug, projectSlug, "Limits");
}

export default async function ProjectLimitsPage({ params }: { params: Promise<Params> }) {
  const { orgSlug, projectSlug } = await params;
  const { project, target } = await resolveProject(orgSlug, projectSlug);
  const access = await requirePage(orgSlug, "usage.read", target);
  if (!access.allowed) return access.screen;
  const { db, ctx, org, can } = access;
  const [view, catalog] = await Promise.all([
    limitTarget(db, ctx, "project", project.id).then((t) => getLimits(db, t)),
    modelCatalogFor(db, org.id),
  ]);
  const archived = project.archivedAt !== null;
  const canBudgets = can("budget.manage", target);
  const canRates = can("project.update", target);

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
      <ProjectTabs base={`/${org.slug}/projects/${project.slug}`} current="limits" showKeys={can("key.read", target)} />
      <div className="space-y-6">
        <p className="rounded-md border border-indigo-200 bg-indigo-50 px-4 py-3 text-indigo-950">
          Every key of this project is held against its own limits, these and the{" "}
          {/* the organization's page needs usage.read on the organization, not only on this project */}
          {can("usage.read") ? (
            <Link href={`/${org.slug}/limits`} className="font-medium text-indigo-800 underline hover:no-underline">
              organization&apos;s limits
            </Link>
          ) : (
            "organization's limits"
          )}
          : all must have room, and the tightest one refuses. Each key&apos;s page shows its whole chain.
        </p>
        <Section title="This period" description={"Spend of the current UTC day, week or month against each budget of this project. Each key's page also shows what its calls hold."}>
          <LimitsSummary view={view} what="this project" showRates={canRates && !archived} />
        </Section>
        <Section
          title="Budgets and rate limits"
          description={
            archived
              ? "The project is archived: its limits are read-only until it is restored."
              : "Set on this project for all its keys; each section is saved on its own."
          }
        >
          <LimitsEditor
            level="project"
            targetId={project.id}
            organizationId={org.id}
            initial={view}
            canBudgets={canBudgets}
            canRates={canRates}
            models={catalog.filter((m) => m.allowed).map((m) => m.id)}
            disabled={archived}
          />
        </Section>
        <Section title="What monitor limits would have refused" description="Per day over the last 7 days (UTC): calls a monitor limit counted but let through.">
          <MonitorChart days={view.monitorRefusals} today={new Date().toISOString().slice(0, 10)} />
        </Section>
      </div>
    </>
  );
}
