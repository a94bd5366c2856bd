import { replayDeliveriesRoute } from "@/lib/api/specs/webhooks";
import { apiRoute } from "@/lib/server/route";
import { replayFailedDeliveries } from "@/lib/webhooks/deliveries";

// POST /api/v1/webhooks/{webhookId}/replay — sends again every delivery that failed since a time
export const POST = apiRoute(replayDeliveriesRoute, ({ db, ctx, params, body }) => replayFailedDeliveries(db, ctx, params.webhookId, body.since));
