"use server";

import { createAdminKey, revokeAdminKey } from "@/lib/admin-keys/service";
import { createAdminKeyInput, revokeAdminKeyInput } from "@/lib/admin-keys/schemas";
import { orgAction } from "@/lib/server/action";

/** Creates an admin key; its secret is in this answer only, for the one-time panel. */
export const createAdminKeyAction = orgAction(
  { input: createAdminKeyInput, permission: "admin_key.manage" },
  async ({ tx, ctx, input }) => {
    const { adminKey, secret } = await createAdminKey(tx, ctx, input);
    return { name: adminKey.name, secret };
  },
);

export const revokeAdminKeyAction = orgAction(
  { input: revokeAdminKeyInput, permission: "admin_key.manage" },
  async ({ tx, ctx, input }) => {
    const key = await revokeAdminKey(tx, ctx, input.adminKeyId);
    return { name: key.name };
  },
);
