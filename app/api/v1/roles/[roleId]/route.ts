import { deleteRoleRoute, getRoleRoute, updateRoleRoute } from "@/lib/api/specs/roles";
import { deleteRole, getRole, updateRole } from "@/lib/roles/service";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/roles/{roleId} — a custom role and its holders
export const GET = apiRoute(getRoleRoute, ({ db, ctx, params }) => getRole(db, ctx, params.roleId));

// PATCH /api/v1/roles/{roleId} — renames a role or changes its permissions
export const PATCH = apiRoute(updateRoleRoute, ({ db, ctx, params, body }) => updateRole(db, ctx, params.roleId, body));

// DELETE /api/v1/roles/{roleId} — deletes a role nobody holds
export const DELETE = apiRoute(deleteRoleRoute, async ({ db, ctx, params }) => {
  await deleteRole(db, ctx, params.roleId);
  return null;
});
