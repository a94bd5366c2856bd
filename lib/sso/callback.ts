import type { Queryable } from "@/db/client";
import { organizations, ssoConnections, type SsoConnection } from "@/db/schema";
import { consoleIsSecure, sessionSetCookie } from "@/lib/auth/issue-session";
import { hasFeature } from "@/lib/orgs/plans";
import { logUnexpected } from "@/lib/core/log-error";
import { newRequestId } from "@/lib/core/request";
import { eq } from "drizzle-orm";
import { completeSsoSignIn, testFailureRedirect, type SsoProfile } from "./complete";
import { consumeLoginState, type LoginState } from "./login-state";
import { SsoRefusal } from "./refusals";

// The part of every SSO callback that does not depend on the protocol: consume the state,
// load its connection, let the protocol verify the IdP's answer, complete, and answer the
// redirect (with the session cookie) or the refusal.

export type CallbackOutcome = { location: string; setCookie?: string };

/** Absolute URL on the console's public origin (Next.js rewrites 127.0.0.1 in request URLs). */
export function consoleUrl(path: string, requestUrl: string): string {
  return new URL(path, process.env.AUTH_URL ?? requestUrl).href;
}

export const errorPath = (reason: string) => `/sso/error?reason=${encodeURIComponent(reason)}`;

/** The connection of a consumed state: a sign-in needs it enabled on a plan with SSO; a console test only needs the plan. */
async function connectionForState(db: Queryable, state: LoginState, protocol: SsoConnection["protocol"]): Promise<SsoConnection> {
  const [row] = await db
    .select({ connection: ssoConnections, plan: organizations.plan })
    .from(ssoConnections)
    .innerJoin(organizations, eq(organizations.id, ssoConnections.organizationId))
    .where(eq(ssoConnections.id, state.connectionId));
  if (!row || row.connection.protocol !== protocol || !hasFeature(row.plan, "sso")) throw new SsoRefusal("CONNECTION_UNAVAILABLE");
  if (state.purpose === "sign_in" && !row.connection.enabled) throw new SsoRefusal("CONNECTION_UNAVAILABLE", "The connection is turned off.");
  return row.connection;
}

export async function handleSsoCallback(
  db: Queryable,
  input: {
    stateId: string | null;
    /** the browser key cookie of the request (lib/sso/login-state.ts) */
    browserKey: string | null;
    protocol: SsoConnection["protocol"];
    ip: string | null;
    userAgent: string | null;
    /** verifies the IdP's answer for this state and connection and reads the profile */
    verify: (connection: SsoConnection, state: LoginState) => Promise<SsoProfile>;
  },
): Promise<CallbackOutcome> {
  let state: LoginState | null = null;
  let connection: SsoConnection | null = null;
  try {
    state = input.stateId ? await consumeLoginState(db, input.stateId, input.browserKey) : null;
    if (!state) throw new SsoRefusal("STATE_INVALID", input.browserKey ? "Unknown, used or expired state, or started in another browser." : "The browser did not present the cookie of the sign-in's start.");
    connection = await connectionForState(db, state, input.protocol);
    const profile = await input.verify(connection, state);
    const done = await completeSsoSignIn(db, { state, connection, profile, ip: input.ip, userAgent: input.userAgent });
    if (done.kind === "session") return { location: done.redirectTo, setCookie: sessionSetCookie(done.session, consoleIsSecure()) };
    return { location: done.redirectTo };
  } catch (error) {
    // an unexpected error's text (SQL, driver detail) reaches the log only, never the test result page
    const requestId = newRequestId();
    const refusal = error instanceof SsoRefusal ? error : new SsoRefusal("SIGN_IN_FAILED", `Something went wrong on our side (request ${requestId}).`, error);
    if (!(error instanceof SsoRefusal)) logUnexpected(requestId, "SSO callback", error);
    else console.warn(`[sso] sign-in refused: ${refusal.reason}: ${refusal.detail}`);
    const back = await testFailureRedirect(db, state, connection, refusal).catch(() => null);
    return { location: back ?? errorPath(refusal.reason) };
  }
}
