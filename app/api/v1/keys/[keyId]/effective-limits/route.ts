import { effectiveLimitsRoute } from "@/lib/api/specs/limits";
import { keyTarget } from "@/lib/keys/service";
import { effectiveLimits } from "@/lib/limits/effective";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/keys/{keyId}/effective-limits?model= — every limit on the key's chain, and the one that decides
export const GET = apiRoute(effectiveLimitsRoute, ({ db, ctx, params, query }) => effectiveLimits(db, ctx, params.keyId, query.model), { target: keyTarget });
