"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import type { DeliveryView } from "@/lib/webhooks/deliveries";
import { RetryButton } from "./retry-button";

const TONE: Record<DeliveryView["status"], BadgeTone> = { succeeded: "success", failed: "danger", pending: "info" };
const LABEL: Record<DeliveryView["status"], string> = { succeeded: "Succeeded", failed: "Failed", pending: "Pending" };

function Attempts({ delivery }: { delivery: DeliveryView }) {
  if (delivery.attempts.length === 0) return <span className="text-slate-600">None yet</span>;
  return (
    <details>
      <summary className="cursor-pointer font-medium text-indigo-700">
        {delivery.attempts.length} {delivery.attempts.length === 1 ? "attempt" : "attempts"}
        <span className="sr-only"> of {delivery.eventType}</span>
      </summary>
      <ol className="mt-2 space-y-2">
        {delivery.attempts.map((a) => (
          <li key={a.id} className="rounded border border-slate-200 p-2 text-xs">
            <p className="flex flex-wrap gap-x-3">
              <DateTime value={a.createdAt} withTime />
              <span>{a.statusCode === null ? "No answer" : `HTTP ${a.statusCode}`}</span>
              <span>{a.durationMs} ms</span>
            </p>
            {a.error && <p className="text-red-800">{a.error}</p>}
            {a.response && (
              <pre className="mt-1 max-h-32 overflow-auto rounded bg-slate-100 p-1.5 whitespace-pre-wrap text-slate-800">{a.response}</pre>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** Every delivery of the endpoint with its attempts (time, status, duration, start of the answer). */
export function DeliveryLog({ orgSlug, deliveries, canRetry }: { orgSlug: string; deliveries: DeliveryView[]; canRetry: boolean }) {
  const columns: Column<DeliveryView>[] = [
    { key: "time", header: "Created", sortValue: (d) => d.createdAt, cell: (d) => <DateTime value={d.createdAt} withTime /> },
    {
      key: "event",
      header: "Event",
      sortValue: (d) => d.eventType,
      cell: (d) => (
        <div>
          <code className="text-xs font-semibold">{d.eventType}</code>
          <p className="font-mono text-xs text-slate-600">{d.eventId}</p>
        </div>
      ),
    },
    {
      key: "status",
      header: "Status",
      sortValue: (d) => d.status,
      cell: (d) => (
        <div>
          <Badge tone={TONE[d.status]}>{LABEL[d.status]}</Badge>
          {d.lastStatus !== null && <span className="ml-1 text-xs text-slate-600">HTTP {d.lastStatus}</span>}
          {d.nextAttemptAt && d.attemptCount > 0 && (
            <p className="text-xs text-slate-600">
              Next try <DateTime value={d.nextAttemptAt} withTime />
            </p>
          )}
        </div>
      ),
    },
    { key: "attempts", header: "Attempts", cell: (d) => <Attempts delivery={d} /> },
    ...(canRetry
      ? [{ key: "actions", header: "Actions", className: "text-right", cell: (d: DeliveryView) => (d.status === "pending" ? null : <RetryButton orgSlug={orgSlug} delivery={d} />) }]
      : []),
  ];
  return <DataTable rows={deliveries} columns={columns} rowKey={(d) => d.id} caption="Deliveries" noun="event" pageSize={20} />;
}
