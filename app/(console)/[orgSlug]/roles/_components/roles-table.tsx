"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";

export type RoleRow = {
  id: string;
  name: string;
  description: string;
  scope: "organization" | "project";
  builtIn: boolean;
  permissions: string[];
  /** holders of a custom role; null for built-in roles */
  holderCount: number | null;
};

/** Built-in and custom roles; a custom role's name opens it (holders, edit, delete). */
export function RolesTable({ orgSlug, roles }: { orgSlug: string; roles: RoleRow[] }) {
  const columns: Column<RoleRow>[] = [
    {
      key: "name",
      header: "Role",
      sortValue: (r) => r.name.toLowerCase(),
      cell: (r) => (
        <div className="max-w-xs">
          {r.builtIn ? (
            <span className="font-medium">{r.name}</span>
          ) : (
            <Link href={`/${orgSlug}/roles/${r.id}`} className="font-medium text-indigo-700 hover:underline">
              {r.name}
            </Link>
          )}
          {r.description && <p className="text-xs text-slate-600">{r.description}</p>}
        </div>
      ),
    },
    { key: "kind", header: "Kind", sortValue: (r) => (r.builtIn ? 0 : 1), cell: (r) => <Badge tone={r.builtIn ? "neutral" : "info"}>{r.builtIn ? "Built-in" : "Custom"}</Badge> },
    { key: "scope", header: "Scope", sortValue: (r) => r.scope, cell: (r) => (r.scope === "project" ? "Per project" : "Organization") },
    {
      key: "permissions",
      header: "Permissions",
      sortValue: (r) => r.permissions.length,
      cell: (r) => (
        <details>
          <summary className="cursor-pointer text-slate-700">{r.permissions.length} permissions</summary>
          <code className="block max-w-md text-xs break-words text-slate-700">{r.permissions.join(", ")}</code>
        </details>
      ),
    },
    { key: "holders", header: "Held by", sortValue: (r) => r.holderCount ?? -1, cell: (r) => (r.holderCount === null ? "—" : r.holderCount) },
  ];
  return (
    <DataTable
      rows={roles}
      columns={columns}
      rowKey={(r) => r.id}
      caption="Roles"
      noun="role"
      filter={{ label: "Filter roles", text: (r) => `${r.name} ${r.description} ${r.permissions.join(" ")}` }}
      initialSort={{ key: "kind", direction: "ascending" }}
    />
  );
}
