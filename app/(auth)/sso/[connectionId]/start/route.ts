import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { rateLimitedResponse, ssoStartRetryAfter } from "@/lib/auth/sign-in-limit";
import { consoleUrl, errorPath } from "@/lib/sso/callback";
import { findEnabledConnection } from "@/lib/sso/connections";
import { browserKeyCookie, browserKeyFor } from "@/lib/sso/login-state";
import { SsoRefusal } from "@/lib/sso/refusals";
import { logUnexpected } from "@/lib/core/log-error";
import { clientIp, newRequestId } from "@/lib/core/request";
import { startSignIn } from "@/lib/sso/start";

export const dynamic = "force-dynamic";

// GET /sso/{connectionId}/start?returnTo= — starts a sign-in at the connection's IdP (public)
export async function GET(request: NextRequest, { params }: { params: Promise<{ connectionId: string }> }) {
  const wait = await ssoStartRetryAfter(clientIp(request.headers)); // before any lookup, discovery or stored state
  if (wait > 0) return rateLimitedResponse(wait);
  const { connectionId } = await params;
  const returnTo = new URL(request.url).searchParams.get("returnTo");
  const db = await getDb();
  const browserKey = browserKeyFor(request.headers.get("cookie"));
  let location: string;
  try {
    const connection = await findEnabledConnection(db, connectionId);
    if (!connection) throw new SsoRefusal("CONNECTION_UNAVAILABLE");
    location = await startSignIn(db, connection, { purpose: "sign_in", browserKey, returnTo });
  } catch (error) {
    const refusal = error instanceof SsoRefusal ? error : null;
    if (!refusal) logUnexpected(newRequestId(), "SSO start", error);
    location = consoleUrl(errorPath(refusal?.reason ?? "SIGN_IN_FAILED"), request.url);
  }
  const response = NextResponse.redirect(location, 303);
  response.headers.set("cache-control", "no-store");
  response.headers.append("set-cookie", browserKeyCookie(browserKey));
  return response;
}
