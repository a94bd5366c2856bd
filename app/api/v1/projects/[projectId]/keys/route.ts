import { createKeyRoute, listKeysRoute } from "@/lib/api/specs/keys";
import { createKey, listKeys } from "@/lib/keys/service";
import { newKeyTarget } from "@/lib/keys/targets";
import { projectTarget } from "@/lib/projects/targets";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/projects/{projectId}/keys — the project's keys
export const GET = apiRoute(listKeysRoute, ({ db, ctx, params, query }) => listKeys(db, ctx, params.projectId, query), {
  target: projectTarget,
});

// POST /api/v1/projects/{projectId}/keys — creates a key; its secret appears only in this answer
export const POST = apiRoute(createKeyRoute, ({ db, ctx, params, body }) => createKey(db, ctx, params.projectId, body), {
  target: projectTarget,
  bodyTarget: ({ db, ctx, params, body }) => newKeyTarget({ db, ctx, projectId: params.projectId, serviceAccountId: body.serviceAccountId }),
});
