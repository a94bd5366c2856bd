import { listAdminKeys, createAdminKey } from "@/lib/admin-keys/service";
import { createAdminKeyRoute, listAdminKeysRoute } from "@/lib/api/specs/admin-keys";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/admin-keys — the organization's admin keys
export const GET = apiRoute(listAdminKeysRoute, ({ db, ctx, query }) => listAdminKeys(db, ctx, query));

// POST /api/v1/admin-keys — creates an admin key; its secret appears only in this answer
export const POST = apiRoute(createAdminKeyRoute, ({ db, ctx, body }) => createAdminKey(db, ctx, body));
