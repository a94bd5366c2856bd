import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { consoleUrl, errorPath } from "@/lib/sso/callback";
import { findEnabledConnection } from "@/lib/sso/connections";
import { SsoRefusal } from "@/lib/sso/refusals";
import { startSignIn } from "@/lib/sso/start";

export const dynamic = "force-dynamic";

// GET /sso/{connectionId}/start?returnTo= — starts a sign-in at the connection's IdP (public)
export async function GET(request: NextRequest, { params }: { params: Promise<{ connectionId: string }> }) {
  const { connectionId } = await params;
  const returnTo = new URL(request.url).searchParams.get("returnTo");
  const db = await getDb();
  let location: string;
  try {
    const connection = await findEnabledConnection(db, connectionId);
    if (!connection) throw new SsoRefusal("CONNECTION_UNAVAILABLE");
    location = await startSignIn(db, connection, { purpose: "sign_in", returnTo });
  } catch (error) {
    const refusal = error instanceof SsoRefusal ? error : null;
    if (!refusal) console.error("[sso] could not start a sign-in", error);
    location = consoleUrl(errorPath(refusal?.reason ?? "SIGN_IN_FAILED"), request.url);
  }
  const response = NextResponse.redirect(location, 303);
  response.headers.set("cache-control", "no-store");
  return response;
}
