import { revokeAdminKey } from "@/lib/admin-keys/service";
import { revokeAdminKeyRoute } from "@/lib/api/specs/admin-keys";
import { apiRoute } from "@/lib/server/route";

// POST /api/v1/admin-keys/{adminKeyId}/revoke — revokes an admin key now
export const POST = apiRoute(revokeAdminKeyRoute, ({ db, ctx, params }) => revokeAdminKey(db, ctx, params.adminKeyId));
