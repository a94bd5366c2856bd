import { TabLinks } from "@/components/ui/tab-links";

type Current = "overview" | "keys" | "usage" | "limits" | "members";

/** The project's pages as tabs. */
export function ProjectTabs({ base, current, showKeys }: { base: string; current: Current; showKeys: boolean }) {
  const tabs: { id: Current; href: string; label: string }[] = [
    { id: "overview", href: base, label: "Overview" },
    ...(showKeys ? [{ id: "keys" as const, href: `${base}/keys`, label: "Keys" }] : []),
    // usage.read is granted exactly where project.read is (docs/rbac.md): whoever sees the project sees its usage
    { id: "usage", href: `${base}/usage`, label: "Usage" },
    // reading limits needs usage.read on the project, which every reader of the project has
    { id: "limits", href: `${base}/limits`, label: "Limits" },
    // everyone who reads the project may see who works on it (member.read is every role's)
    { id: "members", href: `${base}/members`, label: "Members" },
  ];
  return <TabLinks label="Project" tabs={tabs.map((t) => ({ href: t.href, label: t.label, current: t.id === current }))} />;
}
