import { createWebhookRoute, listWebhooksRoute } from "@/lib/api/specs/webhooks";
import { apiRoute } from "@/lib/server/route";
import { createEndpoint, listEndpoints } from "@/lib/webhooks/service";

// GET /api/v1/webhooks — the organization's webhook endpoints
export const GET = apiRoute(listWebhooksRoute, ({ db, ctx, query }) => listEndpoints(db, ctx, query));

// POST /api/v1/webhooks — adds an endpoint; its signing secret appears only in this answer
export const POST = apiRoute(createWebhookRoute, ({ db, ctx, body }) => createEndpoint(db, ctx, body));
