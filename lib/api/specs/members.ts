import { inviteInput, inviteParams, listQuery, memberParams, removeMemberQuery, updateMemberInput } from "@/lib/members/schemas";
import { defineRoute } from "../spec";

export const listMembersRoute = defineRoute({
  method: "GET",
  path: "/members",
  summary: "List the organization's members: role, project roles, last sign-in, how they joined",
  tag: "Members",
  permission: "member.read",
  query: listQuery,
});

export const updateMemberRoute = defineRoute({
  method: "PATCH",
  path: "/members/{userId}",
  summary: "Change a member's role and/or project roles (nobody gives a role above their own; the last owner stays)",
  tag: "Members",
  permission: "member.update",
  params: memberParams,
  body: updateMemberInput,
});

export const removeMemberRoute = defineRoute({
  method: "DELETE",
  path: "/members/{userId}",
  summary: "Remove a member; keysAction=revoke, or keysAction=transfer&transferTo=projectId:serviceAccountId,… for their keys",
  tag: "Members",
  permission: "member.remove",
  params: memberParams,
  query: removeMemberQuery,
  status: 204,
});

export const listInvitesRoute = defineRoute({
  method: "GET",
  path: "/invites",
  summary: "List invitations not yet accepted or revoked (pending or expired)",
  tag: "Members",
  permission: "member.read",
  query: listQuery,
});

export const createInviteRoute = defineRoute({
  method: "POST",
  path: "/invites",
  summary: "Invite someone by email with a role and optional project roles; the link expires after 7 days",
  tag: "Members",
  permission: "member.invite",
  body: inviteInput,
  status: 201,
});

export const revokeInviteRoute = defineRoute({
  method: "DELETE",
  path: "/invites/{inviteId}",
  summary: "Revoke a pending invitation",
  tag: "Members",
  permission: "member.invite",
  params: inviteParams,
  status: 204,
});
