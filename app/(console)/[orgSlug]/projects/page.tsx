import type { Metadata } from "next";
import { requirePage } from "@/lib/server/page";
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
  const access = await requirePage(orgSlug, "project.read", { kind: "projects" });
  if (!access.allowed) return access.screen;
  const { db, ctx, org, can } = access;
  const { data, nextCursor } = await listProjects(db, ctx, { limit: LIMIT, includeArchived: true });
  const canCreate = can("project.create");
  return (
    <ProjectsPanel
      orgSlug={org.slug}
      projects={data}
      truncated={nextCursor !== null}
      canCreate={canCreate}
      startWithForm={canCreate && (await searchParams).new === "1"}
      limitedToMembership={!can("project.read")}
    />
  );
}
