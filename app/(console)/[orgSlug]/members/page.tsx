import type { Metadata } from "next";
import { PageHeader, Section } from "@/components/ui/section";
import { listInvitations } from "@/lib/members/invitation-queries";
import { keyChoices } from "@/lib/members/member-keys";
import { listAllMembers } from "@/lib/members/queries";
import { requirePage } from "@/lib/server/page";
import { listProjects } from "@/lib/projects/service";
import { grantLabel, isOwnerRole, ORG_ROLES } from "@/lib/rbac";
import { orgRoleChoices, projectRoleChoicesForInvite } from "../_lib/role-choices";
import { InvitationsTable } from "./_components/invitations-table";
import { InviteForm } from "./_components/invite-form";
import { LeaveOrganization } from "./_components/leave-organization";
import { MembersTable } from "./_components/members-table";
import { TransferOwnership } from "./_components/transfer-ownership";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "member.read");
  if (!access.allowed) return access.screen;
  const { db, ctx, org, user, principal, can } = access;
  const members = await listAllMembers(db, ctx);
  const { data: invitations } = await listInvitations(db, ctx, { limit: 100 });
  const canInvite = can("member.invite");
  const projects = canInvite ? (await listProjects(db, ctx, { limit: 100 })).data.map((p) => ({ id: p.id, name: p.name })) : [];
  const choices = can("member.remove") ? await keyChoices(db, org.id) : await keyChoices(db, org.id, user.userId);
  // Only the roles the member may give, built-in and custom (the services check again).
  const roles = await orgRoleChoices(db, principal, ORG_ROLES);
  const grantable = roles.choices;
  const projectRoles = projectRoleChoicesForInvite(principal, roles.projectRoles);
  const manageable = members.filter((m) => roles.mayManageRef(m.role)).map((m) => m.userId);
  const myKeys = choices[user.userId] ?? [];
  // Handing keys on keeps them working: only where the member manages others' keys.
  const canHandOn = myKeys.every((c) => can("key.update", { kind: "key", projectId: c.projectId, ownerUserId: null }));
  const owners = members.filter((m) => isOwnerRole(m.role)).length;
  const lastOwner = isOwnerRole(principal.role) && owners === 1;

  return (
    <>
      <PageHeader title="Members">
        Everyone in {org.name}, their organization role and project roles. You are {grantLabel({ role: principal.role, custom: principal.customRole ?? null })}.
      </PageHeader>
      <div className="space-y-6">
        {canInvite && (
          <Section title="Invite a member" description="They get an email with a link that works once and expires after 7 days.">
            <InviteForm orgSlug={org.slug} roles={grantable} projectRoles={projectRoles} projects={projects} />
          </Section>
        )}
        <Section title="Members" description="Owners and admins act as project admins in every project; members reach only their projects.">
          <MembersTable
            orgSlug={org.slug}
            members={members}
            me={user.userId}
            manageable={manageable}
            grantable={grantable}
            roleInfo={roles.roleInfo}
            customRoles={roles.customRoles}
            canUpdate={can("member.update")}
            canRemove={can("member.remove")}
            keyChoices={choices}
          />
        </Section>
        <Section title="Pending invitations" description="Invitations not yet accepted. Resending sends a new link and makes the old one stop working.">
          <InvitationsTable orgSlug={org.slug} invitations={invitations} canManage={canInvite} grantable={grantable.map((r) => r.value)} />
        </Section>
        {can("org.transfer") && (
          <Section title="Transfer ownership" description="Hand the organization to another member: they become an owner and you become an admin.">
            <TransferOwnership orgSlug={org.slug} candidates={members.filter((m) => !isOwnerRole(m.role))} />
          </Section>
        )}
        <Section title="Leave organization">
          <LeaveOrganization orgSlug={org.slug} orgName={org.name} lastOwner={lastOwner} keyChoices={myKeys} canHandOn={canHandOn} />
        </Section>
      </div>
    </>
  );
}
