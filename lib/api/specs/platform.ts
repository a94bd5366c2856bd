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
