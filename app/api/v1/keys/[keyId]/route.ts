import { getKeyRoute, updateKeyRoute } from "@/lib/api/specs/keys";
import { getKey, keyTarget, updateKey } from "@/lib/keys/service";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/keys/{keyId} — reads a key
export const GET = apiRoute(getKeyRoute, ({ db, ctx, params }) => getKey(db, ctx, params.keyId), { target: keyTarget });

// PATCH /api/v1/keys/{keyId} — changes a key's name and restrictions
export const PATCH = apiRoute(updateKeyRoute, ({ db, ctx, params, body }) => updateKey(db, ctx, params.keyId, body), {
  target: keyTarget,
});
