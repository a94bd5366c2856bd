import { getProjectLimitsRoute, putProjectLimitsRoute } from "@/lib/api/specs/limits";
import { limitsHandlers } from "@/lib/limits/routes";

// GET, PUT /api/v1/projects/{projectId}/limits — a project's budgets and rate limits
export const { GET, PUT } = limitsHandlers("project", { get: getProjectLimitsRoute, put: putProjectLimitsRoute });
