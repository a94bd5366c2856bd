import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader, Section } from "@/components/ui/section";
import { grantablePermissions, orgPermissions, type Permission } from "@/lib/rbac";
import { getRole } from "@/lib/roles/service";
import { AppError } from "@/lib/core/errors";
import { requirePage } from "@/lib/server/page";
import { DeleteRoleButton } from "../_components/delete-role";
import { RoleForm } from "../_components/role-form";

export const metadata: Metadata = { title: "Role" };

export default async function RolePage({ params }: { params: Promise<{ orgSlug: string; roleId: string }> }) {
  const { orgSlug, roleId } = await params;
  // organization-wide permission first, so someone without it learns nothing of which ids exist
  const access = await requirePage(orgSlug, "member.update");
  if (!access.allowed) return access.screen;
  const { db, ctx, org, principal } = access;
  const role = await getRole(db, ctx, roleId).catch((e) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const { holders } = role;
  const total = holders.members.length + holders.projectMembers.length + holders.adminKeys.length + holders.pendingInvitations + holders.groupMappings.length;
  const offered = { organization: grantablePermissions("organization"), project: grantablePermissions("project") };
  return (
    <>
      <PageHeader
        title={role.name}
        actions={
          <Link href={`/${org.slug}/roles`} className="font-medium text-indigo-700 hover:underline">
            All roles
          </Link>
        }
      >
        {role.scope === "project" ? "A per-project role" : "An organization-wide role"} with {role.permissions.length} permissions
        {role.description ? `: ${role.description}` : "."}
      </PageHeader>
      <div className="space-y-6">
        <Section title="Who holds it" description="A role someone holds cannot be deleted: give them another role first.">
          {total === 0 ? (
            <EmptyState title="Nobody holds this role">Give it from Members, a project&apos;s Members tab, Admin keys or an SSO connection.</EmptyState>
          ) : (
            <ul className="list-disc space-y-1 pl-5 text-slate-800">
              {holders.members.map((m) => (
                <li key={m.userId}>
                  Member {m.name ? `${m.name} (${m.email})` : m.email}
                </li>
              ))}
              {holders.projectMembers.map((m) => (
                <li key={`${m.projectId}-${m.userId}`}>
                  {m.email} in project {m.projectName}
                </li>
              ))}
              {holders.adminKeys.map((k) => (
                <li key={k.id}>Admin key {k.name}</li>
              ))}
              {holders.pendingInvitations > 0 && <li>{holders.pendingInvitations} pending invitation{holders.pendingInvitations === 1 ? "" : "s"}</li>}
              {holders.groupMappings.map((g) => (
                <li key={`${g.connectionId}-${g.group}`}>
                  Group {g.group} of SSO connection {g.connectionName}
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Edit" description="Holders get the new permissions on their next request; the change is audited with the permissions before and after.">
          <RoleForm orgSlug={org.slug} offered={offered} held={[...orgPermissions(principal)] as Permission[]} role={role} />
        </Section>
        <Section title="Delete">
          <DeleteRoleButton orgSlug={org.slug} roleId={role.id} name={role.name} />
        </Section>
      </div>
    </>
  );
}
