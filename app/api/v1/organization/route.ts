import { getOrganizationRoute } from "@/lib/api/specs/organization";
import { getOrganization, organizationView } from "@/lib/orgs/service";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/organization — the caller's organization, plan and features
export const GET = apiRoute(getOrganizationRoute, async ({ db, ctx }) =>
  organizationView(await getOrganization(db, ctx.principal.organizationId)),
);
