"use client";

import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";

/** While the page a link leads to is on its way (pages stream no loading screen, so a 404 stays a 404). */
function Pending() {
  const { pending } = useLinkStatus();
  return pending ? <span aria-hidden="true" className="ml-2 inline-block h-2 w-2 animate-pulse rounded-full bg-indigo-500 align-middle" /> : null;
}

export type NavItem = { href: string; label: string; exact?: boolean };

/** The organization's navigation; the current page is marked for people and screen readers. */
export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Organization">
      <ul className="flex flex-wrap gap-1 md:flex-col">
        {items.map((item) => {
          const active = item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={`block rounded-md px-2 py-1.5 font-medium ${
                  active ? "bg-indigo-50 text-indigo-800" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"
                }`}
              >
                {item.label}
                <Pending />
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
