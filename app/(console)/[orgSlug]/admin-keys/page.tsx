import type { Metadata } from "next";
import { PageHeader, Section } from "@/components/ui/section";
import { listAdminKeys } from "@/lib/admin-keys/service";
import { getOrgContext } from "@/lib/orgs/context";
import { ADMIN_KEY_ROLES, orgPermissions, ROLE_LABELS } from "@/lib/rbac";
import { AdminKeysTable } from "./_components/admin-keys-table";
import { CreateAdminKeyForm } from "./_components/create-admin-key-form";

export const metadata: Metadata = { title: "Admin keys" };

export default async function AdminKeysPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { db, ctx, org, principal, can } = await getOrgContext(orgSlug);
  const intro = "Admin keys call the Admin API for automation (Terraform, scripts). They never call models.";

  if (!can("admin_key.manage")) {
    return (
      <>
        <PageHeader title="Admin keys">{intro}</PageHeader>
        <div role="status" className="rounded-lg border border-slate-200 bg-white p-6 shadow-xs">
          <p className="font-semibold text-slate-900">You do not have access to admin keys.</p>
          <p className="mt-1 text-slate-700">
            Managing admin keys needs the owner or admin role; yours is {ROLE_LABELS[principal.role]}. Ask an owner or admin
            of {org.name} if you need one.
          </p>
        </div>
      </>
    );
  }

  const { data: keys } = await listAdminKeys(db, ctx, { limit: 100 });
  // Nobody creates a key whose role has a permission they lack (the service checks it again).
  const mine = orgPermissions(principal.role);
  const roles = ADMIN_KEY_ROLES.filter((r) => [...orgPermissions(r)].every((p) => mine.has(p))).map((r) => ({
    value: r,
    label: ROLE_LABELS[r],
  }));

  return (
    <>
      <PageHeader title="Admin keys">{intro}</PageHeader>
      <div className="space-y-6">
        <Section
          title="Create an admin key"
          description="A key carries one organization role and gets its permissions. You can give only roles whose permissions you have."
        >
          <CreateAdminKeyForm orgSlug={org.slug} roles={roles} />
        </Section>
        <Section title="Keys" description="Only the start and the last four characters of a key are kept visible.">
          <AdminKeysTable orgSlug={org.slug} keys={keys} myRole={principal.role} />
        </Section>
      </div>
    </>
  );
}
