import { deleteDomainRoute } from "@/lib/api/specs/security";
import { deleteDomain } from "@/lib/security/domains";
import { apiRoute } from "@/lib/server/route";

// DELETE /api/v1/domains/{domainId} — removes a domain claim
export const DELETE = apiRoute(deleteDomainRoute, async ({ db, ctx, params }) => {
  await deleteDomain(db, ctx, params.domainId);
  return null;
});
