import { queryUsageRoute } from "@/lib/api/specs/usage";
import { platformRouteHandler } from "@/lib/server/platform";
import { apiRoute } from "@/lib/server/route";
import { ingestUsageHandler } from "@/lib/usage/ingest-route";
import { queryUsage } from "@/lib/usage/query";
import { usageTarget } from "@/lib/usage/targets";

// POST /api/v1/usage — usage events from the platform (also answered by server.ts before Next.js)
export const POST = platformRouteHandler(ingestUsageHandler);

// GET /api/v1/usage — usage and spend by bucket, grouped and filtered
export const GET = apiRoute(queryUsageRoute, ({ db, ctx, query }) => queryUsage(db, ctx, query), { target: usageTarget });
