import { listMembersRoute } from "@/lib/api/specs/members";
import { listMembers } from "@/lib/members/queries";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/members — the organization's members
export const GET = apiRoute(listMembersRoute, ({ db, ctx, query }) => listMembers(db, ctx, query));
