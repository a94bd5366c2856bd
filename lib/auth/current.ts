import { cache } from "react";
import { connection } from "next/server";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { clientIp } from "@/lib/core/request";
import { sessionFromCookieHeader, sessionTokenFromCookieHeader, type SessionUser, type SignedIn } from "./session";

/** The signed-in user and session of this request (memoized per request), or null. */
export const currentSession = cache(async (): Promise<SignedIn | null> => {
  await connection();
  const db = await getDb();
  const h = await headers();
  return sessionFromCookieHeader(db, h.get("cookie"), { ip: clientIp(h), userAgent: h.get("user-agent") });
});

/** The signed-in user of this request (memoized per request), or null. */
export const currentUser = cache(async (): Promise<SessionUser | null> => (await currentSession())?.user ?? null);

/**
 * The session token of this request's cookie, for actions that keep "this device" signed in.
 * Reads no database (it is called inside transactions: PGlite has one connection).
 */
export async function currentSessionToken(): Promise<string | null> {
  return sessionTokenFromCookieHeader((await headers()).get("cookie"));
}
