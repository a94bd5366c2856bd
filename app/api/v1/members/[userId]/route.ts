import { removeMemberRoute, updateMemberRoute } from "@/lib/api/specs/members";
import { memberTarget } from "@/lib/members/queries";
import { removeMember } from "@/lib/members/remove-member";
import { updateMember } from "@/lib/members/update-member";
import { apiRoute } from "@/lib/server/route";

// PATCH /api/v1/members/{userId} — changes a member's role and/or project roles
export const PATCH = apiRoute(updateMemberRoute, ({ db, ctx, params, body }) => updateMember(db, ctx, params.userId, body), {
  target: memberTarget,
});

// DELETE /api/v1/members/{userId} — removes a member, revoking or handing on their keys
export const DELETE = apiRoute(
  removeMemberRoute,
  async ({ db, ctx, params, query }) => {
    await removeMember(db, ctx, params.userId, query);
    return null;
  },
  { target: memberTarget },
);
