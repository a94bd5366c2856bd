import { Badge } from "@/components/ui/badge";
import { formatDate } from "@/components/ui/date-time";
import type { EndpointView } from "@/lib/webhooks/service";

const DISABLED_WHY: Record<string, string> = {
  manual: "Disabled",
  gone: "Disabled: answered 410 Gone",
  failing: "Disabled: failing for 5 days",
};

/** Enabled, failing (since when) or disabled (and why). */
export function EndpointStatus({ endpoint }: { endpoint: Pick<EndpointView, "enabled" | "disabledReason" | "failingSince"> }) {
  if (!endpoint.enabled) return <Badge tone="danger">{DISABLED_WHY[endpoint.disabledReason ?? "manual"] ?? "Disabled"}</Badge>;
  if (endpoint.failingSince) return <Badge tone="warning">Failing since {formatDate(endpoint.failingSince, true)}</Badge>;
  return <Badge tone="success">Enabled</Badge>;
}
