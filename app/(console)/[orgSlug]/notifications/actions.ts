"use server";

import { updatePreferences, updatePreferencesInput } from "@/lib/notifications/preferences";
import { orgAction } from "@/lib/server/action";

/** A member's own email choices: every member of the organization may set theirs. */
export const updatePreferencesAction = orgAction(
  { input: updatePreferencesInput, permission: "org.read", revalidate: (orgSlug) => [`/${orgSlug}/notifications`] },
  async ({ tx, ctx, input }) => {
    await updatePreferences(tx, ctx, input);
    return null;
  },
);
