import { NextResponse, type NextRequest } from "next/server";
import { newNonce, pageContentSecurityPolicy, servedOverHttps, strictTransportSecurity } from "@/lib/server/security-headers.js";

// Gives every page request its own CSP nonce, as docs/security.md (Headers) describes: Next.js
// reads the nonce from the request's Content-Security-Policy header while it renders. Not an
// authorization layer (shared/stack.md): pages and routes check access themselves.
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = pageContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https: servedOverHttps() });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  const hsts = strictTransportSecurity();
  if (hsts) response.headers.set("strict-transport-security", hsts);
  return response;
}

export const config = {
  matcher: [
    {
      // pages only: API routes answer JSON, assets are static files
      source: "/((?!api/|_next/static/|_next/image|favicon.ico).*)",
      // Never a request with a body: Next.js reads the whole body of a request its proxy
      // sees before the page or action gets it, which would defeat the body limits.
      missing: [
        { type: "header", key: "content-length", value: "0*[1-9][0-9]*" },
        { type: "header", key: "transfer-encoding" },
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
