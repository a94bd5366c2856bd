"use server";

import { z } from "zod";
import { currentSessionToken } from "@/lib/auth/current";
import { updateKeyPolicy } from "@/lib/keys/policy";
import { keyPolicyInput } from "@/lib/keys/schemas";
import { sessionPolicyInput } from "@/lib/security/session-policy";
import { endAllSessions, endSession, updateSessionPolicy } from "@/lib/security/sessions";
import { orgAction } from "@/lib/server/action";

export const updateKeyPolicyAction = orgAction(
  { input: keyPolicyInput, permission: "security.manage" },
  ({ tx, ctx, input }) => updateKeyPolicy(tx, ctx, input),
);

export const updateSessionPolicyAction = orgAction(
  { input: sessionPolicyInput, permission: "security.manage" },
  ({ tx, ctx, input }) => updateSessionPolicy(tx, ctx, input),
);

export const endMemberSessionAction = orgAction(
  { input: z.strictObject({ sessionId: z.string().min(1).max(100) }), permission: "security.manage" },
  ({ tx, ctx, input }) => endSession(tx, ctx, { sessionId: input.sessionId, scope: "organization" }),
);

export const endAllSessionsAction = orgAction({ input: z.strictObject({}), permission: "security.manage" }, async ({ tx, ctx }) =>
  endAllSessions(tx, ctx, { exceptToken: await currentSessionToken() }),
);
