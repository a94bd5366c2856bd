import { retryDeliveryRoute } from "@/lib/api/specs/webhooks";
import { apiRoute } from "@/lib/server/route";
import { retryDelivery } from "@/lib/webhooks/deliveries";

// POST /api/v1/webhooks/{webhookId}/deliveries/{deliveryId}/retry — sends one delivery again now
export const POST = apiRoute(retryDeliveryRoute, ({ db, ctx, params }) => retryDelivery(db, ctx, params.webhookId, params.deliveryId));
