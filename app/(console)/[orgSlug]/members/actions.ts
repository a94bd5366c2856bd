"use server";

import type { Queryable } from "@/db/client";
import { invitationTarget } from "@/lib/members/invitation-queries";
import { inviteMember, resendInvitation, revokeInvitation } from "@/lib/members/invitations";
import { memberTarget } from "@/lib/members/queries";
import { leaveOrganization, removeMember } from "@/lib/members/remove-member";
import { inviteInput, inviteRefInput, keysChoice, memberRefInput, removeMemberInput, updateMemberFormInput } from "@/lib/members/schemas";
import { transferOwnership } from "@/lib/members/transfer-ownership";
import { updateMember } from "@/lib/members/update-member";
import { orgAction } from "@/lib/server/action";
import type { RequestContext } from "@/lib/core/context";

// Members and invitations of the organization. Objects are named by id and loaded within the
// caller's organization (another organization's answer NOT_FOUND) before the permission check.

type TargetArgs<I> = { db: Queryable; ctx: RequestContext; input: I };
const invitation = ({ db, ctx, input }: TargetArgs<{ inviteId: string }>) => invitationTarget({ db, ctx, params: { inviteId: input.inviteId } });
const member = ({ db, ctx, input }: TargetArgs<{ userId: string }>) => memberTarget({ db, ctx, params: { userId: input.userId } });

export const inviteAction = orgAction({ input: inviteInput, permission: "member.invite" }, async ({ tx, ctx, input }) => {
  const invite = await inviteMember(tx, ctx, input);
  return { email: invite.email };
});

export const resendInviteAction = orgAction(
  { input: inviteRefInput, permission: "member.invite", target: invitation },
  async ({ tx, ctx, input }) => ({ email: (await resendInvitation(tx, ctx, input.inviteId)).email }),
);

export const revokeInviteAction = orgAction(
  { input: inviteRefInput, permission: "member.invite", target: invitation },
  async ({ tx, ctx, input }) => ({ email: (await revokeInvitation(tx, ctx, input.inviteId)).email }),
);

export const changeRoleAction = orgAction(
  { input: updateMemberFormInput, permission: "member.update", target: member },
  async ({ tx, ctx, input }) => {
    const m = await updateMember(tx, ctx, input.userId, { role: input.role });
    return { email: m.email, role: m.role };
  },
);

export const removeMemberAction = orgAction(
  { input: removeMemberInput, permission: "member.remove", target: member },
  async ({ tx, ctx, input: { userId, ...choice } }) => {
    const { member: m, keys } = await removeMember(tx, ctx, userId, choice);
    return { email: m.email, keys };
  },
);

export const transferOwnershipAction = orgAction(
  { input: memberRefInput, permission: "org.transfer", target: member },
  async ({ tx, ctx, input }) => ({ email: (await transferOwnership(tx, ctx, input.userId)).newOwner.email }),
);

// Every member may leave (org.read is held by every role); the last owner is refused by the service.
export const leaveAction = orgAction({ input: keysChoice, permission: "org.read" }, async ({ tx, ctx, input }) => {
  await leaveOrganization(tx, ctx, input);
  return { left: true };
});
