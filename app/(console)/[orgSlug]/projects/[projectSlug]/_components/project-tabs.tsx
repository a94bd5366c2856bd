import Link from "next/link";

type Tab = { href: string; label: string };

/** The project's pages as tabs (links), the current one marked for screen readers too. */
export function ProjectTabs({ base, current, showKeys }: { base: string; current: "overview" | "keys" | "usage" | "members"; showKeys: boolean }) {
  const tabs: (Tab & { id: typeof current })[] = [
    { id: "overview", href: base, label: "Overview" },
    ...(showKeys ? [{ id: "keys" as const, href: `${base}/keys`, label: "Keys" }] : []),
    // usage.read is granted exactly where project.read is (spec/rbac.md): whoever sees the project sees its usage
    { id: "usage", href: `${base}/usage`, label: "Usage" },
    // everyone who reads the project may see who works on it (member.read is every role's)
    { id: "members", href: `${base}/members`, label: "Members" },
  ];
  return (
    <nav aria-label="Project" className="mb-5 border-b border-slate-200">
      <ul className="-mb-px flex gap-4">
        {tabs.map((t) => (
          <li key={t.id}>
            <Link
              href={t.href}
              aria-current={t.id === current ? "page" : undefined}
              className={`block border-b-2 px-1 pb-2 font-medium ${
                t.id === current ? "border-indigo-600 text-indigo-800" : "border-transparent text-slate-700 hover:border-slate-300 hover:text-slate-900"
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
