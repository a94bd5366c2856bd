"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/section";
import type { ProjectView } from "@/lib/projects/service";
import { holdersText } from "@/lib/rbac/holders";
import { NewProjectForm } from "./new-project-form";
import { ProjectsTable } from "./projects-table";

type Props = {
  orgSlug: string;
  projects: ProjectView[];
  truncated: boolean;
  canCreate: boolean;
  startWithForm: boolean;
  limitedToMembership: boolean;
};

export function ProjectsPanel({ orgSlug, projects, truncated, canCreate, startWithForm, limitedToMembership }: Props) {
  const formId = useId();
  const [formOpen, setFormOpen] = useState(startWithForm);
  const toggle = canCreate && (
    <Button variant={formOpen ? "secondary" : "primary"} aria-expanded={formOpen} aria-controls={formId} onClick={() => setFormOpen(!formOpen)}>
      New project
    </Button>
  );

  return (
    <>
      <PageHeader title="Projects" actions={toggle}>
        Projects separate teams, workloads, keys and usage.
        {limitedToMembership && " You see the projects you are a member of."}
      </PageHeader>
      <div className="space-y-6">
        {formOpen && <NewProjectForm id={formId} orgSlug={orgSlug} onCancel={() => setFormOpen(false)} />}
        {projects.length === 0 ? (
          <EmptyState
            title="No projects yet"
            action={
              canCreate && !formOpen ? (
                <Button onClick={() => setFormOpen(true)}>Create your first project</Button>
              ) : undefined
            }
          >
            {canCreate
              ? "Create a project for each team or workload, so their keys, environments and usage stay apart."
              : `Creating a project needs ${holdersText("project.create")}; ask someone who has it to create one.`}
          </EmptyState>
        ) : (
          <ProjectsTable orgSlug={orgSlug} projects={projects} />
        )}
        {truncated && (
          <p className="text-slate-600">Showing the first 100 projects. Use the Admin API to list them all.</p>
        )}
      </div>
    </>
  );
}
