import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { getDb, type Queryable, type Tx } from "@/db/client";
import { sessionFromCookieHeader, type SessionUser } from "@/lib/auth/session";
import { findOrganizationBySlug } from "@/lib/orgs/service";
import { authorize, type Permission, type Target } from "@/lib/rbac";
import { flushAfterCommit, type RequestContext } from "@/lib/core/context";
import { fromZodIssues, toAppError, type ErrorCode, type FieldError } from "@/lib/core/errors";
import { logUnexpected } from "@/lib/core/log-error";
import { resolveSession, sessionRefusal } from "./principal";
import { assertStorableText } from "@/lib/core/storable-text";
import { clientIp, requestIdFrom } from "@/lib/core/request";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: ErrorCode; message: string; fieldErrors: FieldError[]; requestId: string } };

/** FormData → plain object; a name given several times becomes an array. */
function formToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const all = form.getAll(key).map((v) => (typeof v === "string" ? v : v.name));
    out[key] = all.length > 1 || key.endsWith("[]") ? all : all[0];
  }
  return out;
}

function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const value = raw instanceof FormData ? formToObject(raw) : raw;
  assertStorableText(value);
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodIssues(result.error.issues);
  return result.data;
}

function failure(error: unknown, requestId: string): ActionResult<never> {
  unstable_rethrow(error); // keep redirect() and notFound() working
  const known = toAppError(error);
  if (known) {
    return { ok: false, error: { code: known.code, message: known.userMessage, fieldErrors: known.fieldErrors, requestId } };
  }
  logUnexpected(requestId, "server action", error);
  return {
    ok: false,
    error: { code: "INTERNAL_ERROR", message: `Something went wrong on our side (request ${requestId}).`, fieldErrors: [], requestId },
  };
}

async function requestMeta() {
  const h = await headers();
  return { h, requestId: requestIdFrom(h.get("x-request-id")), ip: clientIp(h), userAgent: h.get("user-agent") };
}

type OrgActionOptions<S extends z.ZodType, P> = {
  input: S;
  permission: Permission;
  /** the object the permission is checked against, loaded within the organization */
  target?: (args: { db: Queryable; ctx: RequestContext; input: z.infer<S> }) => Promise<Target> | Target;
  /**
   * Slow outside work (DNS, an identity provider, a metadata URL), run after authorization and
   * before the transaction opens, so no transaction (PGlite's single connection) waits on the network.
   * Its answer reaches the handler as `prepared`; the handler re-reads what it changes.
   */
  prepare?: (args: { db: Queryable; ctx: RequestContext; input: z.infer<S> }) => Promise<P>;
  /** paths to revalidate after success (defaults to the organization's pages) */
  revalidate?: (orgSlug: string, input: z.infer<S>) => string[];
};

/**
 * The one wrapper for server actions in an organization: parse with zod → session →
 * membership → authorize → run the handler (with its audit entry and events) in one
 * transaction → revalidate. Expected failures are returned, not thrown.
 */
export function orgAction<S extends z.ZodType, T, P = undefined>(
  options: OrgActionOptions<S, P>,
  handler: (args: { tx: Tx; ctx: RequestContext; input: z.infer<S>; prepared: P }) => Promise<T>,
) {
  return async (orgSlug: string, raw: unknown): Promise<ActionResult<T>> => {
    const { h, requestId, ip, userAgent } = await requestMeta();
    try {
      const db = await getDb();
      const session = await sessionFromCookieHeader(db, h.get("cookie"), { ip, userAgent });
      const org = typeof orgSlug === "string" && session ? await findOrganizationBySlug(db, orgSlug) : null;
      const resolved = await resolveSession(db, session, org);
      if (!resolved.ok) throw sessionRefusal(resolved);
      const { principal } = resolved;
      const input = parseInput(options.input, raw);
      const ctx: RequestContext = { principal, requestId, ip, userAgent, afterCommit: [] };
      const target = options.target ? await options.target({ db, ctx, input }) : undefined;
      authorize(principal, options.permission, target);
      const prepared = (options.prepare ? await options.prepare({ db, ctx, input }) : undefined) as P;
      const data = await db.transaction((tx) => handler({ tx, ctx, input, prepared }));
      flushAfterCommit(ctx);
      for (const path of options.revalidate?.(orgSlug, input) ?? [`/${orgSlug}`]) revalidatePath(path, "layout");
      return { ok: true, data };
    } catch (error) {
      return failure(error, requestId);
    }
  };
}

/**
 * Server actions open to any signed-in user outside an organization (creating one).
 * The permission is stated explicitly as "signed-in".
 */
export function userAction<S extends z.ZodType, T>(
  options: { input: S; permission: "signed-in" },
  handler: (args: { tx: Tx; user: SessionUser; input: z.infer<S>; meta: { requestId: string; ip: string | null; userAgent: string | null } }) => Promise<T>,
) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    const { h, requestId, ip, userAgent } = await requestMeta();
    try {
      const db = await getDb();
      const session = await sessionFromCookieHeader(db, h.get("cookie"), { ip, userAgent });
      if (!session) throw sessionRefusal({ ok: false, reason: "signed-out" });
      const { user } = session;
      const input = parseInput(options.input, raw);
      const data = await db.transaction((tx) => handler({ tx, user, input, meta: { requestId, ip, userAgent } }));
      return { ok: true, data };
    } catch (error) {
      return failure(error, requestId);
    }
  };
}
