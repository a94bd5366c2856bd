import { getKeyLimitsRoute, putKeyLimitsRoute } from "@/lib/api/specs/limits";
import { limitsHandlers } from "@/lib/limits/routes";

// GET, PUT /api/v1/keys/{keyId}/limits — a key's budgets and rate limits
export const { GET, PUT } = limitsHandlers("key", { get: getKeyLimitsRoute, put: putKeyLimitsRoute });
