import { getOrganizationLimitsRoute, putOrganizationLimitsRoute } from "@/lib/api/specs/limits";
import { limitsHandlers } from "@/lib/limits/routes";

// GET, PUT /api/v1/organization/limits — the organization's budgets and rate limits
export const { GET, PUT } = limitsHandlers("organization", { get: getOrganizationLimitsRoute, put: putOrganizationLimitsRoute });
