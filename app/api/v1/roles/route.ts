import { createRoleRoute, listRolesRoute } from "@/lib/api/specs/roles";
import { createRole, listRoles } from "@/lib/roles/service";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/roles — the organization's custom roles
export const GET = apiRoute(listRolesRoute, ({ db, ctx }) => listRoles(db, ctx));

// POST /api/v1/roles — creates a custom role
export const POST = apiRoute(createRoleRoute, ({ db, ctx, body }) => createRole(db, ctx, body));
