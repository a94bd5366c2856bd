import Link from "next/link";

export type TabLink = { href: string; label: string; current: boolean };

/** Pages of one area as tabs (links); the current one is marked for screen readers too. */
export function TabLinks({ label, tabs }: { label: string; tabs: TabLink[] }) {
  return (
    <nav aria-label={label} className="mb-5 border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-4">
        {tabs.map((t) => (
          <li key={t.href}>
            <Link
              href={t.href}
              aria-current={t.current ? "page" : undefined}
              className={`block border-b-2 px-1 pb-2 font-medium ${
                t.current ? "border-indigo-600 text-indigo-800" : "border-transparent text-slate-700 hover:border-slate-300 hover:text-slate-900"
              }`}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
