import Link from "next/link";
import { ROLE_LABELS, type OrgRole } from "@/lib/rbac";

type Org = { name: string; slug: string };

/** A disclosure listing the user's organizations as links, and the way to create another. */
export function OrgSwitcher({ current, organizations }: { current: Org; organizations: (Org & { role: OrgRole; customRoleName: string | null })[] }) {
  return (
    <details className="group relative">
      <summary className="flex cursor-pointer list-none items-center justify-between gap-2 rounded-md border border-slate-200 px-2 py-1.5 hover:bg-slate-50">
        <span className="min-w-0">
          <span className="block text-xs text-slate-600">Organization</span>
          <span className="block truncate font-semibold text-slate-900">{current.name}</span>
        </span>
        <span aria-hidden="true" className="text-slate-500 group-open:rotate-180">
          ▾
        </span>
      </summary>
      <nav aria-label="Switch organization" className="absolute inset-x-0 z-20 mt-1 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
        <ul>
          {organizations.map((o) => (
            <li key={o.slug}>
              <Link
                href={`/${o.slug}`}
                aria-current={o.slug === current.slug ? "true" : undefined}
                className="flex items-center justify-between gap-2 px-3 py-1.5 hover:bg-slate-50 aria-[current=true]:font-semibold"
              >
                <span className="truncate">{o.name}</span>
                <span className="text-xs text-slate-600">{o.customRoleName ?? ROLE_LABELS[o.role]}</span>
              </Link>
            </li>
          ))}
        </ul>
        <div className="mt-1 border-t border-slate-200 pt-1">
          <Link href="/organizations/new" className="block px-3 py-1.5 font-medium text-indigo-700 hover:bg-slate-50">
            New organization
          </Link>
        </div>
      </nav>
    </details>
  );
}
