import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { consoleUrl, handleSsoCallback } from "@/lib/sso/callback";
import { browserKeyFrom } from "@/lib/sso/login-state";
import { finishOidcSignIn } from "@/lib/sso/oidc";
import { clientIp } from "@/lib/core/request";

export const dynamic = "force-dynamic";

// GET /sso/oidc/callback — the IdP sends the browser back here with `code` and `state` (public)
export async function GET(request: NextRequest) {
  const url = new URL(request.url);
  const db = await getDb();
  const outcome = await handleSsoCallback(db, {
    stateId: url.searchParams.get("state"),
    browserKey: browserKeyFrom(request.headers.get("cookie")),
    protocol: "oidc",
    ip: clientIp(request.headers),
    userAgent: request.headers.get("user-agent"),
    verify: (connection, state) => finishOidcSignIn(connection, state, url),
  });
  const response = NextResponse.redirect(consoleUrl(outcome.location, request.url), 303);
  response.headers.set("cache-control", "no-store");
  response.headers.set("referrer-policy", "no-referrer");
  if (outcome.setCookie) response.headers.append("set-cookie", outcome.setCookie);
  return response;
}
