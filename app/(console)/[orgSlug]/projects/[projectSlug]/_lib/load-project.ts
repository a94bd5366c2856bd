import { notFound } from "next/navigation";
import { cache } from "react";
import { getOrgContext } from "@/lib/orgs/context";
import { findProjectBySlug, getProject } from "@/lib/projects/service";

/** The project of the URL if the member may read it; otherwise the page is a 404. */
export const loadProject = cache(async (orgSlug: string, projectSlug: string) => {
  const context = await getOrgContext(orgSlug);
  const row = await findProjectBySlug(context.db, context.org.id, projectSlug);
  const target = row ? ({ kind: "project", projectId: row.id } as const) : undefined;
  if (!row || !context.can("project.read", target)) notFound();
  return { ...context, target: target!, project: await getProject(context.db, context.ctx, row.id) };
});
