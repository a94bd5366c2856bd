import { deleteSsoConnectionRoute, getSsoConnectionRoute, updateSsoConnectionRoute } from "@/lib/api/specs/sso";
import { apiRoute } from "@/lib/server/route";
import { deleteConnection, getConnection, patchConnection, publicConnection } from "@/lib/sso/connections";

// GET /api/v1/sso-connections/{connectionId} — reads a connection
export const GET = apiRoute(getSsoConnectionRoute, async ({ db, ctx, params }) =>
  publicConnection(await getConnection(db, ctx.principal.organizationId, params.connectionId)),
);

// PATCH /api/v1/sso-connections/{connectionId} — changes a connection
export const PATCH = apiRoute(updateSsoConnectionRoute, async ({ db, ctx, params, body }) =>
  publicConnection(await patchConnection(db, ctx, params.connectionId, body)),
);

// DELETE /api/v1/sso-connections/{connectionId} — deletes a connection
export const DELETE = apiRoute(deleteSsoConnectionRoute, async ({ db, ctx, params }) => {
  await deleteConnection(db, ctx, params.connectionId);
  return null;
});
