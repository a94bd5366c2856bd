import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader, Section } from "@/components/ui/section";
import { builtInRoles, grantablePermissions, orgPermissions, type Permission } from "@/lib/rbac";
import { listRoles } from "@/lib/roles/service";
import { requirePage } from "@/lib/server/page";
import { RoleForm } from "./_components/role-form";
import { RolesTable, type RoleRow } from "./_components/roles-table";

export const metadata: Metadata = { title: "Roles" };

const BUILT_IN: RoleRow[] = builtInRoles().map((r) => ({ id: r.role, name: r.label, description: "", scope: r.scope, builtIn: true, permissions: r.permissions, holderCount: null }));

export default async function RolesPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "member.update");
  if (!access.allowed) return access.screen;
  const { db, ctx, org, principal } = access;
  const { data } = await listRoles(db, ctx);
  const custom: RoleRow[] = data.map((r) => ({ ...r, builtIn: false }));
  const offered = { organization: grantablePermissions("organization"), project: grantablePermissions("project") };
  const held = [...orgPermissions(principal)] as Permission[];
  return (
    <>
      <PageHeader title="Roles">
        The built-in roles of {org.name} and its own. A custom role is a set of permissions, organization-wide or per project, given like any
        other role: to members, invitations, admin keys, project members and SSO group mappings.
      </PageHeader>
      <div className="space-y-6">
        <Section title="All roles" description="Built-in roles cannot change. Open a custom role to see who holds it, edit or delete it.">
          {custom.length === 0 && (
            <EmptyState title="No custom roles yet">Create one below, for example a key auditor who reads keys and the audit log and changes nothing.</EmptyState>
          )}
          <RolesTable orgSlug={org.slug} roles={[...BUILT_IN, ...custom]} />
        </Section>
        <Section title="Create a role" description="Changes to a role reach everyone holding it on their next request, and are audited.">
          <RoleForm orgSlug={org.slug} offered={offered} held={held} />
        </Section>
      </div>
    </>
  );
}
