"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { ConnectionStatus, type StatusInput } from "./connection-status";

export type ConnectionListItem = StatusInput & { id: string; name: string; protocol: "oidc" | "saml"; createdAt: string; idp: string | null };

export function ConnectionsTable({ orgSlug, connections }: { orgSlug: string; connections: ConnectionListItem[] }) {
  if (connections.length === 0) {
    return <EmptyState title="No connections yet">Add an OIDC or SAML connection to let members sign in through your identity provider.</EmptyState>;
  }
  const columns: Column<ConnectionListItem>[] = [
    {
      key: "name",
      header: "Connection",
      sortValue: (c) => c.name,
      cell: (c) => (
        <div>
          <Link href={`/${orgSlug}/security/sso/${c.id}`} className="font-medium text-indigo-700 hover:underline">
            {c.name}
          </Link>
          {c.idp && <p className="text-xs break-all text-slate-600">{c.idp}</p>}
        </div>
      ),
    },
    { key: "protocol", header: "Protocol", sortValue: (c) => c.protocol, cell: (c) => <Badge tone="info">{c.protocol.toUpperCase()}</Badge> },
    { key: "status", header: "Status", sortValue: (c) => (c.tested ? 0 : c.testedAt ? 1 : 2), cell: (c) => <ConnectionStatus connection={c} /> },
    { key: "created", header: "Added", sortValue: (c) => c.createdAt, cell: (c) => <DateTime value={c.createdAt} /> },
  ];
  return (
    <DataTable
      rows={connections}
      columns={columns}
      rowKey={(c) => c.id}
      caption="Single sign-on connections"
      noun="connection"
      filter={{ label: "Filter connections", text: (c) => `${c.name} ${c.protocol} ${c.idp ?? ""}` }}
      initialSort={{ key: "created", direction: "ascending" }}
    />
  );
}
