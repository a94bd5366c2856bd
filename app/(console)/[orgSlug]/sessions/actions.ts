"use server";

import { z } from "zod";
import { currentSessionToken } from "@/lib/auth/current";
import { endOtherOwnSessions, endSession } from "@/lib/security/sessions";
import { orgAction } from "@/lib/server/action";

// Every member manages their own sessions: org.read is every role's permission.

export const endOwnSessionAction = orgAction(
  { input: z.strictObject({ sessionId: z.string().min(1).max(100) }), permission: "org.read" },
  ({ tx, ctx, input }) => endSession(tx, ctx, { sessionId: input.sessionId, scope: "own" }),
);

export const endOtherOwnSessionsAction = orgAction({ input: z.strictObject({}), permission: "org.read" }, async ({ tx, ctx }) =>
  endOtherOwnSessions(tx, ctx, await currentSessionToken()),
);
