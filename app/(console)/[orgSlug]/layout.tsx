import Link from "next/link";
import { QueryProvider } from "@/components/query-provider";
import { listUserOrganizations } from "@/lib/orgs/service";
import { getOrgContext } from "@/lib/orgs/context";
import { grantLabel } from "@/lib/rbac";
import { signOutAction } from "./actions";
import { NavLinks, type NavItem } from "./_components/nav-links";
import { OrgSwitcher } from "./_components/org-switcher";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { db, user, org, principal, can } = await getOrgContext(orgSlug);
  const orgs = await listUserOrganizations(db, user.userId, user.boundOrganizationId);
  const base = `/${org.slug}`;
  const nav: NavItem[] = [
    { href: base, label: "Overview", exact: true },
    { href: `${base}/projects`, label: "Projects" },
    ...(can("usage.read", { kind: "projects" }) ? [{ href: `${base}/usage`, label: "Spend" }] : []),
    ...(can("usage.read") ? [{ href: `${base}/limits`, label: "Limits" }] : []),
    ...(can("billing.read") ? [{ href: `${base}/billing`, label: "Billing" }] : []),
    ...(can("member.read") ? [{ href: `${base}/members`, label: "Members" }] : []),
    ...(can("member.update") ? [{ href: `${base}/roles`, label: "Roles" }] : []),
    ...(can("org.read") ? [{ href: `${base}/models`, label: "Models" }] : []),
    ...(can("admin_key.manage") ? [{ href: `${base}/admin-keys`, label: "Admin keys" }] : []),
    ...(can("security.read") ? [{ href: `${base}/security`, label: "Security" }] : []),
    ...(can("audit.read") ? [{ href: `${base}/audit`, label: "Audit log" }] : []),
    { href: `${base}/governance`, label: "Governance" },
    ...(can("webhook.read") ? [{ href: `${base}/webhooks`, label: "Webhooks" }] : []),
    { href: `${base}/notifications`, label: "Notifications" },
    ...(can("org.read") ? [{ href: `${base}/settings`, label: "Settings" }] : []),
  ];

  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 font-medium text-indigo-700 shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <aside className="flex shrink-0 flex-col gap-4 border-b border-slate-200 bg-white p-3 md:sticky md:top-0 md:h-screen md:w-60 md:border-r md:border-b-0">
        <p className="px-2 pt-1 text-xs font-semibold tracking-wide text-indigo-700 uppercase">AnyInt Console</p>
        <OrgSwitcher current={{ name: org.name, slug: org.slug }} organizations={orgs} />
        <NavLinks items={nav} />
        <div className="mt-auto flex flex-wrap items-baseline gap-x-3 gap-y-1 border-t border-slate-200 px-2 pt-3 md:block md:space-y-2">
          <p className="truncate text-slate-800" title={user.email}>
            {user.email}
          </p>
          <p className="text-xs text-slate-600">{grantLabel({ role: principal.role, custom: principal.customRole ?? null })}</p>
          <Link href={`${base}/sessions`} className="font-medium text-indigo-700 hover:underline">
            Your sessions
          </Link>
          <form action={signOutAction}>
            <button type="submit" className="font-medium text-indigo-700 hover:underline">
              Sign out
            </button>
          </form>
        </div>
      </aside>
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 md:px-8">
        <div className="mx-auto max-w-5xl">
          <QueryProvider>{children}</QueryProvider>
        </div>
      </main>
    </div>
  );
}
