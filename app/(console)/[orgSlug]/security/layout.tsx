import { getOrgContext } from "@/lib/orgs/context";
import { SecurityTabs } from "./_components/security-tabs";

/**
 * The security area: its pages as tabs, shown to those who may read it (security.read). Whether
 * a page of it may be seen is that page's decision (requirePage), so a refused page shows the
 * access screen without tabs to pages it would refuse too.
 */
export default async function SecurityLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { org, can } = await getOrgContext(orgSlug);
  return (
    <>
      {can("security.read") && <SecurityTabs base={`/${org.slug}/security`} />}
      {children}
    </>
  );
}
