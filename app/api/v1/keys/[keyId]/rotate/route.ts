import { rotateKeyRoute } from "@/lib/api/specs/keys";
import { keyTarget, rotateKey } from "@/lib/keys/service";
import { apiRoute } from "@/lib/server/route";

// POST /api/v1/keys/{keyId}/rotate — issues a new secret, the old one lasts the grace period
export const POST = apiRoute(
  rotateKeyRoute,
  ({ db, ctx, params, body }) => rotateKey(db, ctx, params.keyId, body.gracePeriodSeconds),
  { target: keyTarget },
);
