import type { z } from "zod";
import { getDb, type Queryable } from "@/db/client";
import { sessionFromCookieHeader } from "@/lib/auth/session";
import type { Organization } from "@/db/schema";
import { findOrganizationBySlug } from "@/lib/orgs/service";
import { authorize, type Permission } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";
import { fromZodIssues } from "@/lib/core/errors";
import { toErrorResponse } from "@/lib/core/http";
import { resolveSession, sessionRefusal } from "./principal";
import { assertStorableText } from "@/lib/core/storable-text";
import { clientIp, requestIdFrom } from "@/lib/core/request";

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
      const { orgSlug } = await next.params;
      const resolved = await resolveSession(db, signedIn, signedIn ? await findOrganizationBySlug(db, orgSlug) : null);
      if (!resolved.ok) throw sessionRefusal(resolved);
      const { principal, org } = resolved;
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
