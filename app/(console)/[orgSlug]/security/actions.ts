"use server";

import { updateKeyPolicy } from "@/lib/keys/policy";
import { keyPolicyInput } from "@/lib/keys/schemas";
import { orgAction } from "@/lib/server/action";

export const updateKeyPolicyAction = orgAction(
  { input: keyPolicyInput, permission: "security.manage" },
  ({ tx, ctx, input }) => updateKeyPolicy(tx, ctx, input),
);
