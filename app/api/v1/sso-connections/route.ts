import { createSsoConnectionRoute, listSsoConnectionsRoute } from "@/lib/api/specs/sso";
import { fromZodIssues } from "@/lib/core/errors";
import { apiRoute } from "@/lib/server/route";
import { createConnection, listConnections, publicConnection } from "@/lib/sso/connections";
import { createConnectionInput } from "@/lib/sso/schemas";

// GET /api/v1/sso-connections — the organization's SSO connections
export const GET = apiRoute(listSsoConnectionsRoute, async ({ db, ctx }) => ({
  data: (await listConnections(db, ctx.principal.organizationId)).map(publicConnection),
}));

// POST /api/v1/sso-connections — adds a connection (plan feature sso)
export const POST = apiRoute(createSsoConnectionRoute, async ({ db, ctx, body }) => {
  const input = createConnectionInput.safeParse(body);
  if (!input.success) throw fromZodIssues(input.error.issues);
  return publicConnection(await createConnection(db, ctx, input.data));
});
