import { requireOrgPermission } from "@/lib/orgs/context";
import { SecurityTabs } from "./_components/security-tabs";

/** The security area (security.read): its pages as tabs. */
export default async function SecurityLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { org } = await requireOrgPermission(orgSlug, "security.read");
  return (
    <>
      <SecurityTabs base={`/${org.slug}/security`} />
      {children}
    </>
  );
}
