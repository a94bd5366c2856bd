import { deleteOrganizationRoute, getOrganizationRoute } from "@/lib/api/specs/organization";
import { deleteOrganization } from "@/lib/orgs/delete-organization";
import { getOrganization, organizationView } from "@/lib/orgs/service";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/organization — the caller's organization, plan and features
export const GET = apiRoute(getOrganizationRoute, async ({ db, ctx }) =>
  organizationView(await getOrganization(db, ctx.principal.organizationId)),
);

// DELETE /api/v1/organization — deletes the caller's organization once confirmSlug equals its slug
export const DELETE = apiRoute(deleteOrganizationRoute, async ({ db, ctx, body }) => {
  await deleteOrganization(db, ctx, body);
  return null;
});
