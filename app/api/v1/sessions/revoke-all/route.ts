import { revokeAllSessionsRoute } from "@/lib/api/specs/security";
import { sessionTokenFromCookieHeader } from "@/lib/auth/session";
import { endAllSessions } from "@/lib/security/sessions";
import { apiRoute } from "@/lib/server/route";

// POST /api/v1/sessions/revoke-all — ends every member's session; a signed-in caller keeps the one asking
export const POST = apiRoute(revokeAllSessionsRoute, async ({ req, db, ctx }) => {
  const exceptToken = ctx.principal.actor.type === "user" ? sessionTokenFromCookieHeader(req.headers.get("cookie")) : null;
  const { revokedSessions } = await endAllSessions(db, ctx, { exceptToken });
  return { revoked: revokedSessions };
});
