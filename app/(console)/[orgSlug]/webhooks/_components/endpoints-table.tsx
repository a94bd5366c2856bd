"use client";

import Link from "next/link";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import type { EndpointView } from "@/lib/webhooks/service";
import { EndpointStatus } from "./endpoint-status";

/** The organization's endpoints; each URL opens its settings and delivery log. */
export function EndpointsTable({ orgSlug, endpoints }: { orgSlug: string; endpoints: EndpointView[] }) {
  if (endpoints.length === 0) {
    return <EmptyState title="No endpoints yet">Add one to receive the organization&apos;s events as signed HTTPS requests.</EmptyState>;
  }
  const columns: Column<EndpointView>[] = [
    {
      key: "url",
      header: "Endpoint",
      sortValue: (e) => e.url,
      cell: (e) => (
        <div className="max-w-sm">
          <Link href={`/${orgSlug}/webhooks/${e.id}`} className="font-medium break-all text-indigo-700 hover:underline">
            {e.url}
          </Link>
          {e.description && <p className="text-xs text-slate-600">{e.description}</p>}
        </div>
      ),
    },
    {
      key: "events",
      header: "Event types",
      cell: (e) => <code className="text-xs break-words text-slate-700">{e.eventTypes.join(", ")}</code>,
    },
    { key: "status", header: "Status", sortValue: (e) => (e.enabled ? 0 : 1), cell: (e) => <EndpointStatus endpoint={e} /> },
    { key: "created", header: "Added", sortValue: (e) => e.createdAt, cell: (e) => <DateTime value={e.createdAt} /> },
  ];
  return (
    <DataTable
      rows={endpoints}
      columns={columns}
      rowKey={(e) => e.id}
      caption="Webhook endpoints"
      noun="endpoint"
      filter={{ label: "Filter endpoints", text: (e) => `${e.url} ${e.description} ${e.eventTypes.join(" ")}` }}
      initialSort={{ key: "created", direction: "descending" }}
    />
  );
}
