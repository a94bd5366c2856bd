import { createServiceAccountRoute, listServiceAccountsRoute } from "@/lib/api/specs/keys";
import { createServiceAccount, listServiceAccounts } from "@/lib/keys/service-accounts";
import { projectTarget } from "@/lib/projects/targets";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/projects/{projectId}/service-accounts — the project's service accounts
export const GET = apiRoute(listServiceAccountsRoute, ({ db, ctx, params }) => listServiceAccounts(db, ctx, params.projectId), {
  target: projectTarget,
});

// POST /api/v1/projects/{projectId}/service-accounts — creates a service account
export const POST = apiRoute(
  createServiceAccountRoute,
  ({ db, ctx, params, body }) => createServiceAccount(db, ctx, params.projectId, body),
  { target: projectTarget },
);
