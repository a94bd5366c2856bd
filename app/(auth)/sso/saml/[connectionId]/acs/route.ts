import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { consoleUrl, errorPath, handleSsoCallback } from "@/lib/sso/callback";
import { browserKeyFrom } from "@/lib/sso/login-state";
import { verifySamlResponse } from "@/lib/sso/saml";
import { clientIp } from "@/lib/core/request";

export const dynamic = "force-dynamic";

/** Largest form accepted (a SAMLResponse is a few KB to a few hundred KB). */
const MAX_BODY_BYTES = 1024 * 1024;

// POST /sso/saml/{connectionId}/acs — the IdP's browser form post with SAMLResponse and RelayState (public)
export async function POST(request: NextRequest, { params }: { params: Promise<{ connectionId: string }> }) {
  const { connectionId } = await params;
  const form = Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES ? null : await request.formData().catch(() => null);
  const field = (name: string) => {
    const v = form?.get(name);
    return typeof v === "string" && v !== "" ? v : null;
  };
  const relayState = field("RelayState");
  const db = await getDb();
  const outcome = form
    ? await handleSsoCallback(db, {
        stateId: relayState,
        browserKey: browserKeyFrom(request.headers.get("cookie")),
        protocol: "saml",
        ip: clientIp(request.headers),
        userAgent: request.headers.get("user-agent"),
        verify: (connection, state) => verifySamlResponse(db, connection, state, { connectionId, samlResponse: field("SAMLResponse") }),
      })
    : { location: errorPath("ASSERTION_INVALID") };
  // 303: the browser follows with a GET; the session cookie (SameSite=Lax) is set on this top-level response.
  const response = NextResponse.redirect(consoleUrl(outcome.location, request.url), 303);
  response.headers.set("cache-control", "no-store");
  response.headers.set("referrer-policy", "no-referrer");
  if (outcome.setCookie) response.headers.append("set-cookie", outcome.setCookie);
  return response;
}
