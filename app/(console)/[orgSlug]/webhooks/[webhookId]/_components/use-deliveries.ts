"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/lib/query-keys";
import type { DeliveryView } from "@/lib/webhooks/deliveries";

export type Outcome = "all" | DeliveryView["status"];

/** GET /api/v1/webhooks/{id}/deliveries with the session cookie: the newest 100 of one outcome. */
async function fetchDeliveries(organizationId: string, endpointId: string, outcome: Outcome): Promise<DeliveryView[]> {
  const query = new URLSearchParams({ limit: "100", ...(outcome === "all" ? {} : { status: outcome }) });
  const res = await fetch(`/api/v1/webhooks/${endpointId}/deliveries?${query}`, { headers: { "AnyInt-Organization": organizationId }, credentials: "same-origin" });
  const body = (await res.json().catch(() => null)) as { data?: DeliveryView[]; error?: { message: string } } | null;
  if (!res.ok || !body?.data) throw new Error(body?.error?.message ?? `The delivery log could not be loaded (HTTP ${res.status}).`);
  return body.data;
}

/** The delivery log, seeded by the server's read of "all", live while something in it is still pending (every 2 s). */
export function useDeliveries(organizationId: string, endpointId: string, outcome: Outcome, initial: DeliveryView[]) {
  return useQuery({
    queryKey: queryKeys.webhooks.deliveries(endpointId, outcome),
    queryFn: () => fetchDeliveries(organizationId, endpointId, outcome),
    initialData: outcome === "all" ? initial : undefined,
    refetchInterval: (query) => (query.state.data?.some((d) => d.status === "pending") ? 2000 : false),
  });
}

/** After a change that adds or moves deliveries: every outcome of the log is read again. */
export function useRefreshDeliveries(endpointId: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: queryKeys.webhooks.deliveries(endpointId) });
}
