import { organizationBudgetsRoute } from "@/lib/api/specs/limits";
import { organizationBudgets } from "@/lib/limits/overview";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/organization/budgets — the finance view: every budget, closest to its limit first
export const GET = apiRoute(organizationBudgetsRoute, ({ db, ctx }) => organizationBudgets(db, ctx));
