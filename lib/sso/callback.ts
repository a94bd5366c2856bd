import type { Queryable } from "@/db/client";
import { organizations, ssoConnections, type SsoConnection } from "@/db/schema";
import { consoleIsSecure, sessionSetCookie } from "@/lib/auth/issue-session";
import { hasFeature } from "@/lib/orgs/plans";
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
    state = input.stateId ? await consumeLoginState(db, input.stateId) : null;
    if (!state) throw new SsoRefusal("STATE_INVALID", "Unknown, used or expired state.");
    connection = await connectionForState(db, state, input.protocol);
    const profile = await input.verify(connection, state);
    const done = await completeSsoSignIn(db, { state, connection, profile, ip: input.ip, userAgent: input.userAgent });
    if (done.kind === "session") return { location: done.redirectTo, setCookie: sessionSetCookie(done.session, consoleIsSecure()) };
    return { location: done.redirectTo };
  } catch (error) {
    const refusal = error instanceof SsoRefusal ? error : new SsoRefusal("SIGN_IN_FAILED", error instanceof Error ? error.message : String(error), error);
    if (!(error instanceof SsoRefusal)) console.error("[sso] unexpected error in a callback", error);
    else console.warn(`[sso] sign-in refused: ${refusal.reason}: ${refusal.detail}`);
    const back = await testFailureRedirect(db, state, connection, refusal).catch(() => null);
    return { location: back ?? errorPath(refusal.reason) };
  }
}
