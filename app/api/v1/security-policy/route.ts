import { getSecurityPolicyRoute, updateSecurityPolicyRoute } from "@/lib/api/specs/security";
import { patchSecurityPolicy, securityPolicyView } from "@/lib/security/policy";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/security-policy — SSO enforcement (with what it still needs) and the session policy
export const GET = apiRoute(getSecurityPolicyRoute, ({ db, ctx }) => securityPolicyView(db, ctx.principal.organizationId));

// PATCH /api/v1/security-policy — changes any of its fields, all or nothing (no recovery codes here)
export const PATCH = apiRoute(updateSecurityPolicyRoute, ({ db, ctx, body }) => patchSecurityPolicy(db, ctx, body));
