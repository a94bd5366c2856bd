import { endSessionRoute } from "@/lib/api/specs/security";
import { endSession } from "@/lib/security/sessions";
import { apiRoute } from "@/lib/server/route";

// DELETE /api/v1/sessions/{sessionId} — ends a member's session
export const DELETE = apiRoute(endSessionRoute, async ({ db, ctx, params }) => {
  await endSession(db, ctx, { sessionId: params.sessionId, scope: "organization" });
  return null;
});
