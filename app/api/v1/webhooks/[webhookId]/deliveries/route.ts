import { listDeliveriesRoute } from "@/lib/api/specs/webhooks";
import { apiRoute } from "@/lib/server/route";
import { listDeliveries } from "@/lib/webhooks/deliveries";

// GET /api/v1/webhooks/{webhookId}/deliveries — the delivery log with every attempt
export const GET = apiRoute(listDeliveriesRoute, ({ db, ctx, params, query }) => listDeliveries(db, ctx, params.webhookId, query));
