import { revokeInviteRoute } from "@/lib/api/specs/members";
import { invitationTarget } from "@/lib/members/invitation-queries";
import { revokeInvitation } from "@/lib/members/invitations";
import { apiRoute } from "@/lib/server/route";

// DELETE /api/v1/invites/{inviteId} — revokes a pending invitation
export const DELETE = apiRoute(
  revokeInviteRoute,
  async ({ db, ctx, params }) => {
    await revokeInvitation(db, ctx, params.inviteId);
    return null;
  },
  { target: invitationTarget },
);
