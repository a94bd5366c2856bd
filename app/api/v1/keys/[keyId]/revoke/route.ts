import { revokeKeyRoute } from "@/lib/api/specs/keys";
import { keyTarget, revokeKey } from "@/lib/keys/service";
import { apiRoute } from "@/lib/server/route";

// POST /api/v1/keys/{keyId}/revoke — revokes a key now
export const POST = apiRoute(revokeKeyRoute, ({ db, ctx, params }) => revokeKey(db, ctx, params.keyId), { target: keyTarget });
