import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { PageHeader, Section } from "@/components/ui/section";
import { listProjectMembers } from "@/lib/members/project-members";
import { listAllMembers } from "@/lib/members/queries";
import { takesProjectRoles } from "@/lib/rbac";
import { projectRoleChoices } from "../../../_lib/role-choices";
import { ProjectTabs } from "../_components/project-tabs";
import { holdersPlural, rolesHolding } from "@/lib/rbac/holders";
import { requirePage } from "@/lib/server/page";
import { projectTitle, resolveProject } from "../_lib/load-project";
import { AddProjectMemberForm } from "./_components/add-project-member-form";
import { ProjectMembersTable } from "./_components/project-members-table";

type Params = { orgSlug: string; projectSlug: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { orgSlug, projectSlug } = await params;
  return projectTitle(orgSlug, projectSlug, "Members");
}

export default async function ProjectMembersPage({ params }: { params: Promise<Params> }) {
  const { orgSlug, projectSlug } = await params;
  const { project, target } = await resolveProject(orgSlug, projectSlug);
  const access = await requirePage(orgSlug, "project.read", target);
  if (!access.allowed) return access.screen;
  const { db, ctx, org, principal, can } = access;
  const members = await listProjectMembers(db, ctx, project.id);
  const canManage = can("project.members", target);
  const everyone = await listAllMembers(db, ctx);
  // The role each holds here, built-in or custom, as the member views name it.
  const roleHere = new Map(everyone.flatMap((m) => m.projectRoles.filter((p) => p.projectId === project.id).map((p) => [m.userId, p] as const)));
  const rows = members.flatMap((m) => {
    const held = roleHere.get(m.userId);
    if (!held) return [];
    return [{ userId: m.userId, email: m.email, name: m.name, role: held.role as string, roleName: held.roleName, lastSignInAt: m.lastSignInAt?.toISOString() ?? null }];
  });
  // Project roles are for organization `member`s (custom organization roles are held on that
  // base): other roles reach every project already.
  const managers = rolesHolding("project.members").organization;
  const readers = rolesHolding("project.read").organization.filter((r) => !managers.some((m) => m.role === r.role));
  const candidates = canManage
    ? everyone.filter((m) => takesProjectRoles(m.role) && !members.some((pm) => pm.userId === m.userId))
    : [];
  const roleOptions = canManage ? await projectRoleChoices(db, principal, project.id) : [];

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
          {holdersPlural(managers)} manage every project; {holdersPlural(readers)} read every project. Members reach this project
          only with a role here.
        </p>
        {canManage && (
          <Section title="Add a member" description="Organization members with the member role can be given a role in this project.">
            <AddProjectMemberForm
              orgSlug={org.slug}
              projectId={project.id}
              candidates={candidates.map((m) => ({ userId: m.userId, email: m.email }))}
              roles={roleOptions}
            />
          </Section>
        )}
        <Section title="Project members" description="Removing someone leaves their keys working but flagged “owner lost access” until they are revoked or handed on.">
          <ProjectMembersTable
            orgSlug={org.slug}
            projectId={project.id}
            members={rows}
            canManage={canManage}
            roles={roleOptions}
          />
        </Section>
      </div>
    </>
  );
}
