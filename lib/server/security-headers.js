// Security headers (docs/security.md, Headers). Plain JS so next.config.js can import it.
//
// Pages get a per-request Content-Security-Policy from proxy.ts: scripts run only with that
// request's nonce, which Next.js reads from the request's CSP header and puts on its own
// inline and bundle scripts ('strict-dynamic' lets those load the chunks they need). Every
// other response (API routes, assets, requests proxy.ts does not see) carries the static
// headers below from next.config.js, whose CSP allows no inline script at all.

/**
 * style-src keeps 'unsafe-inline': React's `style` props and Next.js's route announcer write
 * style attributes, which a nonce cannot cover; styles cannot run script, and the nonce
 * guards script-src.
 */
const STYLE_SRC = "style-src 'self' 'unsafe-inline'";

function policy(scriptSrc, upgrade) {
  return [
    "default-src 'self'",
    scriptSrc,
    STYLE_SRC,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
    ...(upgrade ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** True when the console is served over https (AUTH_URL), never for plain-http localhost. */
export function servedOverHttps(authUrl = process.env.AUTH_URL) {
  return typeof authUrl === "string" && authUrl.toLowerCase().startsWith("https:");
}

/** The CSP of a page rendered for one request; dev keeps 'unsafe-eval' for React's debugging. */
export function pageContentSecurityPolicy(nonce, { dev = false, https = false } = {}) {
  return policy(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`, https);
}

/** A fresh nonce for one request: 128 random bits, base64. */
export function newNonce() {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/** Strict-Transport-Security for an https console (two years, subdomains), else none. */
export function strictTransportSecurity(authUrl = process.env.AUTH_URL) {
  return servedOverHttps(authUrl) ? "max-age=63072000; includeSubDomains" : null;
}

/** The headers next.config.js puts on every response (proxy.ts replaces the CSP of pages). */
export function securityHeaders() {
  const dev = process.env.NODE_ENV === "development";
  return [
    { key: "Content-Security-Policy", value: policy(`script-src 'self'${dev ? " 'unsafe-eval'" : ""}`, false) },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  ];
}
