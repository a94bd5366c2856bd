import { cache } from "react";
import { connection } from "next/server";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { userFromCookieHeader, type SessionUser } from "./session";

/** The signed-in user of this request (memoized per request), or null. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  await connection();
  const db = await getDb();
  return userFromCookieHeader(db, (await headers()).get("cookie"));
});
