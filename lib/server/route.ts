import type { z } from "zod";
import { getDb, type Queryable } from "@/db/client";
import type { RouteSpec } from "@/lib/api/spec";
import { sessionFromCookieHeader, sessionTokenFromCookieHeader } from "@/lib/auth/session";
import { adminKeyRetryAfter, countFailedAdminKey } from "@/lib/auth/sign-in-limit";
import { findOrganizationBySlug, getOrganization, listUserOrganizations } from "@/lib/orgs/service";
import { authorize, type Principal, type Target } from "@/lib/rbac";
import { flushAfterCommit, type RequestContext } from "@/lib/core/context";
import { AppError, fromZodIssues } from "@/lib/core/errors";
import { isJsonType, json, readBodyLimited, readJsonBody, toErrorResponse } from "@/lib/core/http";
import { assertStorableText } from "@/lib/core/storable-text";
import { principalForAdminKey, resolveSession, sessionRefusal } from "./principal";
import { clientIp, requestIdFrom } from "@/lib/core/request";

type Infer<T> = NonNullable<T> extends z.ZodType ? z.infer<NonNullable<T>> : undefined;

export type HandlerArgs<S extends RouteSpec> = {
  req: Request;
  /** a transaction for mutations, the database for reads */
  db: Queryable;
  ctx: RequestContext;
  params: Infer<S["params"]>;
  query: Infer<S["query"]>;
  body: Infer<S["body"]>;
};

type TargetArgs<S extends RouteSpec> = { db: Queryable; ctx: RequestContext; params: Infer<S["params"]>; query: Infer<S["query"]> };

type Options<S extends RouteSpec, P> = {
  /** resolves the object the permission is checked against (loaded within the caller's organization) */
  target?: (args: TargetArgs<S>) => Promise<Target> | Target;
  /**
   * A narrower target that only the body names (the owner of a key being created): the
   * permission is checked on it too, once the body is read.
   */
  bodyTarget?: (args: TargetArgs<S> & { body: Infer<S["body"]> }) => Promise<Target> | Target;
  /**
   * Slow outside work (DNS, an identity provider), run after authorization and validation and
   * before the transaction opens, so no transaction (PGlite's single connection) waits on the
   * network. Its answer reaches the handler as `prepared`; the handler re-reads what it changes.
   */
  prepare?: (args: TargetArgs<S> & { body: Infer<S["body"]> }) => Promise<P>;
};

type NextContext = { params: Promise<Record<string, string | string[]>> };

/** The console's own origin: AUTH_URL's, else the request's (in-process tests). */
function consoleOrigin(req: Request): string {
  const configured = process.env.AUTH_URL;
  try {
    return new URL(configured || req.url).origin;
  } catch {
    return new URL(req.url).origin;
  }
}

/**
 * Cookie-authenticated calls must come from the console's own pages: a browser says where a
 * request comes from in Sec-Fetch-Site and Origin. Writes with neither are refused too (every
 * current browser sends Origin on them); scripts use an admin key instead of a cookie.
 */
function assertSameOrigin(req: Request): void {
  const site = req.headers.get("sec-fetch-site");
  const origin = req.headers.get("origin");
  const crossSite = (site !== null && site !== "same-origin" && site !== "none") || (origin !== null && origin !== consoleOrigin(req));
  const unknownWrite = site === null && origin === null && req.method !== "GET" && req.method !== "HEAD";
  if (crossSite || unknownWrite) {
    throw new AppError("FORBIDDEN", "Requests with a console session must come from the console itself; automate with an admin key.");
  }
}

/** A write without a declared body may carry none, or an empty JSON one: anything else is refused unread. */
async function refuseUnexpectedBody(req: Request, method: string): Promise<undefined> {
  if (method === "GET") return undefined;
  const type = req.headers.get("content-type");
  if (type !== null && !isJsonType(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with Content-Type: application/json.");
  }
  const raw = await readBodyLimited(req, 64 * 1024);
  const text = raw.toString("utf8").trim();
  if (text !== "" && text !== "{}" && text !== "null") {
    throw new AppError("INVALID_REQUEST", "This operation takes no body.", { fieldErrors: [{ path: "(body)", message: "must be empty" }] });
  }
  return undefined;
}

function bearer(req: Request): string | null {
  const h = req.headers.get("authorization");
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : "";
}



const ORG_HEADER = "anyint-organization";

/** Admin key, or a session cookie (with the organization chosen by header when needed). */
async function authenticate(db: Queryable, req: Request): Promise<Principal> {
  const token = bearer(req);
  if (token !== null) {
    const ip = clientIp(req.headers);
    const wait = await adminKeyRetryAfter(ip);
    if (wait > 0) throw new AppError("RATE_LIMITED", `Too many failed admin-key attempts from this address. Try again in ${wait} seconds.`);
    const principal = token ? await principalForAdminKey(db, token) : null;
    if (!principal) {
      await countFailedAdminKey(ip);
      throw new AppError("UNAUTHORIZED", "The admin key is missing, malformed, revoked or expired.");
    }
    return principal;
  }
  // a browser session: only the console's own pages may use it (CSRF)
  if (sessionTokenFromCookieHeader(req.headers.get("cookie"))) assertSameOrigin(req);
  const signedIn = await sessionFromCookieHeader(db, req.headers.get("cookie"), {
    ip: clientIp(req.headers),
    userAgent: req.headers.get("user-agent"),
  });
  if (!signedIn) throw new AppError("UNAUTHORIZED", "Sign in, or send an admin key as a Bearer token.");
  const chosen = req.headers.get(ORG_HEADER);
  const { user } = signedIn;
  let org: { id: string; slug: string } | undefined;
  if (chosen) {
    const found = chosen.startsWith("org_") ? await getOrganization(db, chosen).catch(() => null) : await findOrganizationBySlug(db, chosen);
    org = found ?? undefined;
  } else {
    const orgs = await listUserOrganizations(db, user.userId, user.boundOrganizationId);
    if (orgs.length === 1) org = orgs[0]!;
    else if (orgs.length > 1) {
      throw new AppError("INVALID_REQUEST", "You belong to several organizations: name one in the AnyInt-Organization header.", {
        fieldErrors: [{ path: "AnyInt-Organization", message: "is required when you belong to several organizations" }],
      });
    }
  }
  const resolved = await resolveSession(db, signedIn, org);
  if (!resolved.ok) throw sessionRefusal(resolved);
  return resolved.principal;
}

function parse<T extends z.ZodType | undefined>(schema: T, value: unknown, prefix?: string): Infer<T> {
  assertStorableText(value, prefix ? [prefix] : []);
  if (!schema) return undefined as Infer<T>;
  const result = schema.safeParse(value);
  if (!result.success) {
    throw fromZodIssues(result.error.issues.map((i) => ({ ...i, path: prefix ? [prefix, ...i.path] : i.path })));
  }
  return result.data as Infer<T>;
}

/**
 * The one wrapper for route handlers: authenticate → validate → authorize (the spec's
 * permission, against the resolved target) → handle (mutations in one transaction) →
 * map errors to the envelope of docs/architecture.md.
 */
export function apiRoute<S extends RouteSpec, P = undefined>(
  spec: S,
  handler: (args: HandlerArgs<S> & { prepared: NoInfer<P> }) => Promise<unknown>,
  options: Options<S, P> = {},
) {
  return async (req: Request, next?: NextContext): Promise<Response> => {
    const requestId = requestIdFrom(req.headers.get("x-request-id"));
    try {
      const permission = spec.permission;
      if (permission === "public" || permission === "platform") {
        throw new Error(`apiRoute serves the Admin API; ${spec.path} needs its own entry point`);
      }
      const db = await getDb();
      const principal = await authenticate(db, req);
      const rawParams = next ? await next.params : {};
      const params = parse(spec.params, rawParams);
      const url = new URL(req.url);
      const query = parse(spec.query, Object.fromEntries(url.searchParams), "query");
      const ctx: RequestContext = {
        principal,
        requestId,
        ip: clientIp(req.headers),
        userAgent: req.headers.get("user-agent"),
        afterCommit: [],
      };
      // Authorize before reading the body: a caller without the permission learns nothing more.
      const target = options.target ? await options.target({ db, ctx, params, query } as TargetArgs<S>) : undefined;
      authorize(principal, permission, target);
      const body = (spec.body ? parse(spec.body, await readJsonBody(req)) : await refuseUnexpectedBody(req, spec.method)) as Infer<S["body"]>;
      if (options.bodyTarget) authorize(principal, permission, await options.bodyTarget({ db, ctx, params, query, body } as TargetArgs<S> & { body: Infer<S["body"]> }));
      for (const [field, needed] of Object.entries(spec.fieldPermissions ?? {})) {
        if ((body as Record<string, unknown> | undefined)?.[field] !== undefined) authorize(principal, needed, target);
      }
      const prepared = (options.prepare ? await options.prepare({ db, ctx, params, query, body } as TargetArgs<S> & { body: Infer<S["body"]> }) : undefined) as P;
      const run = (q: Queryable) => handler({ req, db: q, ctx, params, query, body, prepared } as HandlerArgs<S> & { prepared: P });
      const result = spec.method === "GET" ? await run(db) : await db.transaction((tx) => run(tx));
      flushAfterCommit(ctx);
      if (result instanceof Response) return result;
      return json(result, spec.status ?? 200, { "x-request-id": requestId });
    } catch (error) {
      return toErrorResponse(error, requestId);
    }
  };
}
