import type { z } from "zod";
import { getDb, type Queryable } from "@/db/client";
import { sessionFromCookieHeader } from "@/lib/auth/session";
import type { Organization } from "@/db/schema";
import { findOrganizationBySlug } from "@/lib/orgs/service";
import { enforceSessionPolicy } from "@/lib/security/sessions";
import { authorize, type Permission } from "@/lib/rbac";
import type { RequestContext } from "./context";
import { AppError, fromZodIssues } from "./errors";
import { toErrorResponse } from "./http";
import { principalForUser } from "./principal";
import { assertStorableText } from "./storable-text";
import { clientIp, requestIdFrom } from "./request";

type ConsoleContext = { params: Promise<{ orgSlug: string }> };

/**
 * Route handlers under a console page (`/{orgSlug}/…`, downloads): the session cookie only,
 * the organization from the URL, its session policy, the permission, the query parsed with
 * zod; errors in the Admin API's envelope.
 */
export function consoleRoute<Q extends z.ZodType>(
  options: { permission: Permission; query: Q },
  handler: (args: { req: Request; db: Queryable; ctx: RequestContext; org: Organization; query: z.infer<Q> }) => Promise<Response>,
) {
  return async (req: Request, next: ConsoleContext): Promise<Response> => {
    const requestId = requestIdFrom(req.headers.get("x-request-id"));
    try {
      const db = await getDb();
      const meta = { ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") };
      const signedIn = await sessionFromCookieHeader(db, req.headers.get("cookie"), meta);
      if (!signedIn) throw new AppError("UNAUTHORIZED", "Your session has ended. Sign in again.");
      const { orgSlug } = await next.params;
      const org = await findOrganizationBySlug(db, orgSlug);
      const principal = org ? await principalForUser(db, signedIn.user, org.id) : null;
      if (!org || !principal) throw new AppError("NOT_FOUND", "Organization was not found.");
      const ended = await enforceSessionPolicy(db, signedIn.session, org);
      if (ended) throw new AppError("UNAUTHORIZED", ended.message);
      authorize(principal, options.permission);
      const raw = Object.fromEntries(new URL(req.url).searchParams);
      assertStorableText(raw, ["query"]);
      const parsed = options.query.safeParse(raw);
      if (!parsed.success) throw fromZodIssues(parsed.error.issues.map((i) => ({ ...i, path: ["query", ...i.path] })));
      const ctx: RequestContext = { principal, requestId, ...meta };
      return await handler({ req, db, ctx, org, query: parsed.data });
    } catch (error) {
      return toErrorResponse(error, requestId);
    }
  };
}
