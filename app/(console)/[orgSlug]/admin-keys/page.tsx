import type { Metadata } from "next";
import { PageHeader, Section } from "@/components/ui/section";
import { listAdminKeys } from "@/lib/admin-keys/service";
import { ADMIN_KEY_ROLES } from "@/lib/rbac";
import { orgRoleChoices } from "../_lib/role-choices";
import { requirePage } from "@/lib/server/page";
import { AdminKeysTable } from "./_components/admin-keys-table";
import { CreateAdminKeyForm } from "./_components/create-admin-key-form";

export const metadata: Metadata = { title: "Admin keys" };

export default async function AdminKeysPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "admin_key.manage");
  if (!access.allowed) return access.screen;
  const { db, ctx, org, principal } = access;
  const intro = "Admin keys call the Admin API for automation (Terraform, scripts). They never call models.";

  const { data: keys } = await listAdminKeys(db, ctx, { limit: 100 });
  // Nobody creates a key whose role ranks above theirs or has a permission they lack, built-in
  // or custom (the service checks it again); nor revokes one they could not manage.
  const roleChoices = await orgRoleChoices(db, principal, ADMIN_KEY_ROLES);
  const roles = roleChoices.choices;
  const revocable = keys.filter((k) => roleChoices.mayManageRef(k.role)).map((k) => k.id);

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
          <AdminKeysTable orgSlug={org.slug} keys={keys} revocable={revocable} />
        </Section>
      </div>
    </>
  );
}
