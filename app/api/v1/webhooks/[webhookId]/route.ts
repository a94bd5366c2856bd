import { deleteWebhookRoute, getWebhookRoute, updateWebhookRoute } from "@/lib/api/specs/webhooks";
import { apiRoute } from "@/lib/server/route";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/lib/webhooks/service";

// GET /api/v1/webhooks/{webhookId} — reads an endpoint
export const GET = apiRoute(getWebhookRoute, ({ db, ctx, params }) => getEndpoint(db, ctx, params.webhookId));

// PATCH /api/v1/webhooks/{webhookId} — changes an endpoint, enables or disables it
export const PATCH = apiRoute(updateWebhookRoute, ({ db, ctx, params, body }) => updateEndpoint(db, ctx, params.webhookId, body));

// DELETE /api/v1/webhooks/{webhookId} — deletes an endpoint and its delivery log
export const DELETE = apiRoute(deleteWebhookRoute, async ({ db, ctx, params }) => {
  await deleteEndpoint(db, ctx, params.webhookId);
  return null;
});
