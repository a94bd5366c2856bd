"use server";

import { signOut } from "@/lib/auth";
import { acceptInvitation } from "@/lib/members/accept";
import { acceptInviteInput } from "@/lib/members/schemas";
import { userAction } from "@/lib/server/action";

/** The signed-in user accepts; the service checks the token and that they are the invited address. */
export const acceptInviteAction = userAction({ input: acceptInviteInput, permission: "signed-in" }, async ({ tx, user, input, meta }) => {
  const { organization } = await acceptInvitation(tx, user, input.token, meta);
  return { slug: organization.slug };
});

/** Signs out, then back to sign-in with the invitation as the place to return to. */
export async function switchAccountAction(token: string) {
  const safe = /^[A-Za-z0-9_-]{20,200}$/.test(token) ? `/invite/${token}` : "/";
  await signOut({ redirectTo: `/sign-in?callbackUrl=${encodeURIComponent(safe)}` });
}
