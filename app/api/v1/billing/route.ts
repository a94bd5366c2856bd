import { getBillingRoute, updateBillingRoute } from "@/lib/api/specs/billing";
import { billingView, updateTerms } from "@/lib/billing/terms";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/billing — the plan, contract terms, billing owner and renewal contacts
export const GET = apiRoute(getBillingRoute, ({ db, ctx }) => billingView(db, ctx.principal.organizationId));

// PATCH /api/v1/billing — change the plan or the terms
export const PATCH = apiRoute(updateBillingRoute, ({ db, ctx, body }) => updateTerms(db, ctx, body));
