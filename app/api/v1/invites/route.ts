import { createInviteRoute, listInvitesRoute } from "@/lib/api/specs/members";
import { listInvitations } from "@/lib/members/invitation-queries";
import { inviteMember } from "@/lib/members/invitations";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/invites — invitations not yet accepted or revoked
export const GET = apiRoute(listInvitesRoute, ({ db, ctx, query }) => listInvitations(db, ctx, query));

// POST /api/v1/invites — invites someone by email; the link goes out by email after commit
export const POST = apiRoute(createInviteRoute, ({ db, ctx, body }) => inviteMember(db, ctx, body));
