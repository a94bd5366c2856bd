import { rotateWebhookSecretRoute } from "@/lib/api/specs/webhooks";
import { apiRoute } from "@/lib/server/route";
import { rotateEndpointSecret } from "@/lib/webhooks/service";

// POST /api/v1/webhooks/{webhookId}/rotate-secret — a new secret; the previous one signs too for 24 hours
export const POST = apiRoute(rotateWebhookSecretRoute, ({ db, ctx, params }) => rotateEndpointSecret(db, ctx, params.webhookId));
