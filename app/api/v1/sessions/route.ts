import { listSessionsRoute } from "@/lib/api/specs/security";
import { sessionTokenFromCookieHeader } from "@/lib/auth/session";
import { listOrganizationSessionsPage } from "@/lib/security/sessions";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/sessions — the live sessions of the organization's members, newest first
export const GET = apiRoute(listSessionsRoute, ({ req, db, ctx, query }) =>
  listOrganizationSessionsPage(db, ctx.principal.organizationId, {
    ...query,
    // a signed-in caller's own session is marked `current`; an admin key has none
    currentToken: ctx.principal.actor.type === "user" ? sessionTokenFromCookieHeader(req.headers.get("cookie")) : null,
  }),
);
