import { z } from "zod";
import { verifyKeyInput } from "@/lib/keys/schemas";
import { defineRoute } from "../spec";

export const verifyKeyRoute = defineRoute({
  method: "POST",
  path: "/keys/verify",
  summary: "Verify a team key for a model call (the platform's hot path); 200 for every well-formed request, valid or not",
  tag: "Platform",
  permission: "platform",
  body: verifyKeyInput,
});

export const releaseHoldRoute = defineRoute({
  method: "POST",
  path: "/holds/{holdId}/release",
  summary: "Release a hold taken at verification (the model call failed); released: false when it was already settled, released or expired",
  tag: "Platform",
  permission: "platform",
  params: z.strictObject({ holdId: z.string().regex(/^hold_[0-9a-z]{20}$/, "must be a hold id from POST /keys/verify") }),
  response: z.object({ holdId: z.string(), released: z.boolean() }),
});
