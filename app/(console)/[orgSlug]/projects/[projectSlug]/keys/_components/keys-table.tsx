"use client";

import Link from "next/link";
import { useState } from "react";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { Select } from "@/components/ui/select";
import type { KeyView } from "@/lib/keys/service";
import { KeyOwner, KeyStatusBadge, restrictionSummary } from "./key-cells";

const STATUSES = [
  { value: "", label: "All statuses" },
  { value: "active", label: "Active" },
  { value: "revoked", label: "Revoked" },
  { value: "expired", label: "Expired" },
];

export function KeysTable({ keysPath, keys, environments }: { keysPath: string; keys: KeyView[]; environments: string[] }) {
  const [environment, setEnvironment] = useState("");
  const [status, setStatus] = useState("");
  const rows = keys.filter((k) => (!environment || k.environment === environment) && (!status || k.status === status));

  const columns: Column<KeyView>[] = [
    {
      key: "name",
      header: "Name",
      sortValue: (k) => k.name.toLowerCase(),
      cell: (k) => (
        <>
          <Link href={`${keysPath}/${k.id}`} className="font-medium text-indigo-700 hover:underline">
            {k.name}
          </Link>
          <code className="block font-mono text-xs whitespace-nowrap text-slate-700">
            {k.start}…{k.last4}
          </code>
        </>
      ),
    },
    { key: "environment", header: "Environment", sortValue: (k) => k.environment, cell: (k) => k.environment },
    { key: "owner", header: "Owner", sortValue: (k) => k.owner?.name ?? "", cell: (k) => <KeyOwner owner={k.owner} /> },
    { key: "restrictions", header: "Restrictions", cell: (k) => <span className="text-slate-700">{restrictionSummary(k)}</span> },
    { key: "created", header: "Created", sortValue: (k) => k.createdAt, cell: (k) => <DateTime value={k.createdAt} />, className: "whitespace-nowrap" },
    {
      key: "lastUsed",
      header: "Last used",
      sortValue: (k) => k.lastUsedAt ?? "",
      cell: (k) => (
        <>
          <DateTime value={k.lastUsedAt} withTime fallback="Never" />
          {k.lastUsedIp && <span className="block font-mono text-xs text-slate-600">{k.lastUsedIp}</span>}
        </>
      ),
    },
    {
      key: "expires",
      header: "Expires",
      sortValue: (k) => k.expiresAt ?? "9999",
      cell: (k) => <DateTime value={k.expiresAt} fallback="Never" />,
      className: "whitespace-nowrap",
    },
    { key: "status", header: "Status", sortValue: (k) => k.status, cell: (k) => <KeyStatusBadge status={k.status} /> },
  ];

  return (
    <DataTable
      rows={rows}
      columns={columns}
      rowKey={(k) => k.id}
      caption="Keys of this project"
      noun="key"
      initialSort={{ key: "created", direction: "descending" }}
      filter={{ label: "Filter keys", text: (k) => `${k.name} ${k.id} ${k.start} ${k.last4} ${k.owner?.name ?? ""} ${k.environment}` }}
      toolbar={
        <>
          <Select
            label="Filter by environment"
            value={environment}
            onChange={(e) => setEnvironment(e.target.value)}
            options={[{ value: "", label: "All environments" }, ...environments.map((e) => ({ value: e, label: e }))]}
            className="w-44"
          />
          <Select label="Filter by status" value={status} onChange={(e) => setStatus(e.target.value)} options={STATUSES} className="w-40" />
        </>
      }
    />
  );
}
