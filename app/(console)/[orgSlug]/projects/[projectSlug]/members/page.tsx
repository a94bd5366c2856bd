import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { PageHeader, Section } from "@/components/ui/section";
import { listProjectMembers } from "@/lib/members/project-members";
import { listAllMembers } from "@/lib/members/queries";
import { ProjectTabs } from "../_components/project-tabs";
import { loadProject } from "../_lib/load-project";
import { AddProjectMemberForm } from "./_components/add-project-member-form";
import { ProjectMembersTable } from "./_components/project-members-table";

type Params = { orgSlug: string; projectSlug: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { orgSlug, projectSlug } = await params;
  const { project } = await loadProject(orgSlug, projectSlug);
  return { title: `Members · ${project.name}` };
}

export default async function ProjectMembersPage({ params }: { params: Promise<Params> }) {
  const { orgSlug, projectSlug } = await params;
  const { db, ctx, org, can, target, project } = await loadProject(orgSlug, projectSlug);
  const members = await listProjectMembers(db, ctx, project.id);
  const canManage = can("project.members", target);
  // Project roles are for organization `member`s: other roles reach every project already.
  const candidates = canManage
    ? (await listAllMembers(db, ctx)).filter((m) => m.role === "member" && !members.some((pm) => pm.userId === m.userId))
    : [];

  return (
    <>
      <p className="mb-2">
        <Link href={`/${org.slug}/projects`} className="font-medium text-indigo-700 hover:underline">
          ← Projects
        </Link>
      </p>
      <PageHeader title={project.name}>
        <span className="font-mono">{project.slug}</span> ·{" "}
        {project.archivedAt ? <Badge tone="warning">Archived</Badge> : <Badge tone="success">Active</Badge>}
      </PageHeader>
      <ProjectTabs base={`/${org.slug}/projects/${project.slug}`} current="members" showKeys={can("key.read", target)} />
      <div className="space-y-6">
        <p className="text-slate-700">
          Owners and admins act as project admins in every project; security and finance owners read every project. Members
          reach this project only with a role here.
        </p>
        {canManage && (
          <Section title="Add a member" description="Organization members with the member role can be given a role in this project.">
            <AddProjectMemberForm orgSlug={org.slug} projectId={project.id} candidates={candidates.map((m) => ({ userId: m.userId, email: m.email }))} />
          </Section>
        )}
        <Section title="Project members" description="Removing someone leaves their keys working but flagged “owner lost access” until they are revoked or handed on.">
          <ProjectMembersTable
            orgSlug={org.slug}
            projectId={project.id}
            members={members.map((m) => ({ ...m, lastSignInAt: m.lastSignInAt?.toISOString() ?? null }))}
            canManage={canManage}
          />
        </Section>
      </div>
    </>
  );
}
