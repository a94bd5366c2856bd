"use server";

import { signOut } from "@/lib/auth";

/** Ends the session (deleted from the database by Auth.js) and returns to the sign-in page. */
export async function signOutAction() {
  await signOut({ redirectTo: "/sign-in" });
}
