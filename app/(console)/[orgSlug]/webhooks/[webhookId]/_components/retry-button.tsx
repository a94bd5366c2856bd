"use client";

import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/ui/use-action-form";
import type { DeliveryView } from "@/lib/webhooks/deliveries";
import { retryDeliveryAction } from "../../actions";
import { useRefreshDeliveries } from "./use-deliveries";

/** Sends one delivery again now; a refusal (disabled endpoint) is said beside the button. */
export function RetryButton({ orgSlug, delivery }: { orgSlug: string; delivery: DeliveryView }) {
  const { pending, formError, run } = useActionForm([]);
  const refresh = useRefreshDeliveries(delivery.endpointId);
  return (
    <div className="space-y-1">
      <Button
        variant="secondary"
        size="sm"
        disabled={pending}
        onClick={() => run(() => retryDeliveryAction(orgSlug, { webhookId: delivery.endpointId, deliveryId: delivery.id }), () => void refresh())}
      >
        Retry<span className="sr-only"> {delivery.eventType} delivery {delivery.id}</span>
      </Button>
      {formError && (
        <p role="alert" className="text-xs text-red-800">
          {formError}
        </p>
      )}
    </div>
  );
}
