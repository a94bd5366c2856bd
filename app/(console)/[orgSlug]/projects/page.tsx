import type { Metadata } from "next";
import { getOrgContext } from "@/lib/orgs/context";
import { listProjects } from "@/lib/projects/service";
import { ProjectsPanel } from "./_components/projects-panel";

export const metadata: Metadata = { title: "Projects" };

const LIMIT = 100;

export default async function ProjectsPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<{ new?: string }>;
}) {
  const { orgSlug } = await params;
  const { db, ctx, org, can } = await getOrgContext(orgSlug);
  const { data, nextCursor } = await listProjects(db, ctx, { limit: LIMIT, includeArchived: true });
  const canCreate = can("project.create");
  return (
    <ProjectsPanel
      orgSlug={org.slug}
      projects={data}
      truncated={nextCursor !== null}
      canCreate={canCreate}
      startWithForm={canCreate && (await searchParams).new === "1"}
      limitedToMembership={ctx.principal.role === "member"}
    />
  );
}
