import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader, Section } from "@/components/ui/section";
import { AddEnvironmentForm } from "./_components/add-environment-form";
import { AllowedModelsForm } from "./_components/allowed-models-form";
import { ArchiveControls } from "./_components/archive-controls";
import { ProjectDetailsForm } from "./_components/project-details-form";
import { ProjectTabs } from "./_components/project-tabs";
import { holdersText } from "@/lib/rbac/holders";
import { requirePage } from "@/lib/server/page";
import { projectTitle, resolveProject } from "./_lib/load-project";

type Params = { orgSlug: string; projectSlug: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { orgSlug, projectSlug } = await params;
  return projectTitle(orgSlug, projectSlug);
}

export default async function ProjectPage({ params }: { params: Promise<Params> }) {
  const { orgSlug, projectSlug } = await params;
  const { project, target } = await resolveProject(orgSlug, projectSlug);
  const access = await requirePage(orgSlug, "project.read", target);
  if (!access.allowed) return access.screen;
  const { org, can } = access;
  const archived = project.archivedAt !== null;
  const canUpdate = can("project.update", target);
  const editable = canUpdate && !archived;
  const readOnlyNote = !canUpdate
    ? `You can view this project but not change it: that needs ${holdersText("project.update", "project")}.`
    : undefined;

  return (
    <>
      <p className="mb-2">
        <Link href={`/${org.slug}/projects`} className="font-medium text-indigo-700 hover:underline">
          ← Projects
        </Link>
      </p>
      <PageHeader
        title={project.name}
        actions={
          can("project.archive", target) && (
            <ArchiveControls orgSlug={org.slug} projectId={project.id} projectName={project.name} archived={archived} />
          )
        }
      >
        <span className="font-mono">{project.slug}</span> ·{" "}
        {archived ? <Badge tone="warning">Archived</Badge> : <Badge tone="success">Active</Badge>} · created{" "}
        <DateTime value={project.createdAt} />
      </PageHeader>
      <ProjectTabs base={`/${org.slug}/projects/${project.slug}`} current="overview" showKeys={can("key.read", target)} />
      <div className="space-y-6">
        {project.description && <p className="text-slate-800">{project.description}</p>}
        {archived && (
          <div className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-amber-900">
            <strong className="font-semibold">
              Archived on <DateTime value={project.archivedAt} />
            </strong>
            : read-only; its keys do not verify. Restore to make changes.
          </div>
        )}
        {readOnlyNote && <p className="text-slate-600">{readOnlyNote}</p>}
        <Section title="Details">
          <ProjectDetailsForm
            orgSlug={org.slug}
            projectId={project.id}
            name={project.name}
            description={project.description}
            disabled={!editable}
          />
        </Section>
        <Section title="Environments" description="Every key belongs to one environment, so staging and local usage never share keys with production.">
          <ul className="mb-4 flex flex-wrap gap-2" aria-label="Environments of this project">
            {project.environments.map((name) => (
              <li key={name} className="rounded-md border border-slate-200 bg-slate-50 px-2 py-1 font-mono text-xs text-slate-800">
                {name}
              </li>
            ))}
          </ul>
          <AddEnvironmentForm orgSlug={org.slug} projectId={project.id} disabled={!editable} />
        </Section>
        <Section
          title="Model access"
          description="The models this project's keys may call, within the organization's. Empty means the organization's list applies."
        >
          <AllowedModelsForm orgSlug={org.slug} projectId={project.id} allowedModels={project.allowedModels} disabled={!editable} />
        </Section>
      </div>
    </>
  );
}
