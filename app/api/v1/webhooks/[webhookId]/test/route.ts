import { testWebhookRoute } from "@/lib/api/specs/webhooks";
import { apiRoute } from "@/lib/server/route";
import { sendTestEvent } from "@/lib/webhooks/deliveries";

// POST /api/v1/webhooks/{webhookId}/test — sends a webhook.test event to this endpoint only
export const POST = apiRoute(testWebhookRoute, ({ db, ctx, params }) => sendTestEvent(db, ctx, params.webhookId));
