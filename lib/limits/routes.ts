import type { LimitLevel } from "@/db/schema";
import type { RouteSpec } from "@/lib/api/spec";
import { apiRoute } from "@/lib/server/route";
import type { LimitsInput } from "./schemas";
import { getLimits, limitTarget, putLimits } from "./settings";
import { LIMIT_TARGETS, limitTargetId } from "./targets";

/** GET and PUT of a level's limits, mounted by app/api/v1/…/limits/route.ts. */
export function limitsHandlers(level: LimitLevel, specs: { get: RouteSpec; put: RouteSpec }) {
  const target = LIMIT_TARGETS[level];
  return {
    GET: apiRoute(specs.get, async ({ db, ctx, params }) => getLimits(db, await limitTarget(db, ctx, level, limitTargetId(params))), { target }),
    PUT: apiRoute(specs.put, async ({ db, ctx, params, body }) => putLimits(db, ctx, await limitTarget(db, ctx, level, limitTargetId(params)), body as LimitsInput), { target }),
  };
}
