"use client";

import { usePathname } from "next/navigation";
import { TabLinks } from "@/components/ui/tab-links";

const TABS = [
  { path: "", label: "Policies" },
  { path: "/sso", label: "Single sign-on" },
  { path: "/domains", label: "Domains" },
  { path: "/sessions", label: "Sessions" },
] as const;

/** The security area's pages as tabs; the current one follows the URL. */
export function SecurityTabs({ base }: { base: string }) {
  const pathname = usePathname();
  const tabs = TABS.map((t) => {
    const href = `${base}${t.path}`;
    const current = t.path === "" ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
    return { href, label: t.label, current };
  });
  return <TabLinks label="Security" tabs={tabs} />;
}
