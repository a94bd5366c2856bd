import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { limitedSignIn, rateLimitedResponse } from "@/lib/auth/sign-in-limit";
import { clientIp } from "@/lib/core/request";

// GET, POST /api/auth/* — Auth.js (sign-in, callback, sign-out). A magic-link request over
// its limit (lib/auth/sign-in-limit.ts) sends nothing and answers 429 with Retry-After.
export const { GET } = handlers;

export async function POST(request: NextRequest) {
  const outcome = await limitedSignIn(clientIp(request.headers), () => handlers.POST(request));
  return outcome.limited ? rateLimitedResponse(outcome.retryAfter) : outcome.result;
}
