import { putBudgetRoute } from "@/lib/api/specs/usage";
import { projectTarget } from "@/lib/projects/targets";
import { apiRoute } from "@/lib/server/route";
import { setBudget } from "@/lib/usage/budget-settings";

// PUT /api/v1/projects/{projectId}/budget — sets a project's monthly budget
export const PUT = apiRoute(putBudgetRoute, ({ db, ctx, params, body }) => setBudget(db, ctx, params.projectId, body), { target: projectTarget });
