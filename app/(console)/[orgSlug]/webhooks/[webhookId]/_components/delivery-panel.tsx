"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusMessage } from "@/components/ui/status-message";
import type { DeliveryView } from "@/lib/webhooks/deliveries";
import { DeliveryLog } from "./delivery-log";
import { ReplayForm } from "./replay-form";
import { useDeliveries, type Outcome } from "./use-deliveries";

const OUTCOMES: { value: Outcome; label: string }[] = [
  { value: "all", label: "All" },
  { value: "succeeded", label: "Succeeded" },
  { value: "failed", label: "Failed" },
  { value: "pending", label: "Pending" },
];

type Props = { orgSlug: string; organizationId: string; endpointId: string; canManage: boolean; initial: DeliveryView[] };

/** The delivery log with its outcome filter, kept current while deliveries are pending. */
export function DeliveryPanel({ orgSlug, organizationId, endpointId, canManage, initial }: Props) {
  const [outcome, setOutcome] = useState<Outcome>("all");
  const { data, error, isFetching, refetch } = useDeliveries(organizationId, endpointId, outcome, initial);
  // once nothing is pending any more, the endpoint's own status (failing since…) is read again too
  const router = useRouter();
  const pending = data?.some((d) => d.status === "pending") ?? false;
  const wasPending = useRef(pending);
  useEffect(() => {
    if (wasPending.current && !pending) router.refresh();
    wasPending.current = pending;
  }, [pending, router]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div role="group" aria-label="Outcome" className="flex flex-wrap gap-1">
          {OUTCOMES.map((o) => (
            <Button key={o.value} size="sm" variant={outcome === o.value ? "primary" : "secondary"} aria-pressed={outcome === o.value} onClick={() => setOutcome(o.value)}>
              {o.label}
            </Button>
          ))}
        </div>
        <Button size="sm" variant="secondary" disabled={isFetching} onClick={() => void refetch()}>
          {isFetching ? "Refreshing…" : "Refresh"}
        </Button>
      </div>
      <StatusMessage error={error?.message} />
      {data && data.length === 0 && (
        <EmptyState title={outcome === "all" ? "No deliveries yet" : `No ${outcome} deliveries`}>
          {canManage ? "Send a test event to see one arrive." : "Deliveries appear here as events happen."}
        </EmptyState>
      )}
      {data && data.length > 0 && <DeliveryLog orgSlug={orgSlug} deliveries={data} canRetry={canManage} />}
      <p className="text-xs text-slate-600">The newest 100 deliveries of each outcome; the Admin API pages through all of them.</p>
      {canManage && <ReplayForm orgSlug={orgSlug} webhookId={endpointId} />}
    </div>
  );
}
