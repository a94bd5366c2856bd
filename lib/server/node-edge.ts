import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "@/lib/env";
import { CLIENT_IP_HEADER, parseTrustedProxies, resolveClientIp } from "@/lib/core/client-ip";
import { MAX_BODY_BYTES } from "@/lib/core/http";
import { newRequestId } from "@/lib/core/request";

// What server.ts does to every request before Next.js sees it (docs/security.md, "Entry points"):
// it writes the one trustworthy client IP, and it bounds every request body while it streams,
// so no entry point (route handlers, server actions, Auth.js, SAML) can be made to buffer more.

let trusted: ReturnType<typeof parseTrustedProxies> | null = null;

/** Replaces whatever the client sent as CLIENT_IP_HEADER with the address resolved from the socket. */
export function stampClientIp(req: IncomingMessage, proxies = (trusted ??= parseTrustedProxies(env().TRUSTED_PROXIES))): void {
  const ip = resolveClientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], proxies);
  if (ip) req.headers[CLIENT_IP_HEADER] = ip;
  else delete req.headers[CLIENT_IP_HEADER];
}

// a percent-encoded NUL, or the UTF-8 bytes of a UTF-16 surrogate (ED A0..BF xx), in a path or query
const UNSTORABLE_IN_URL = /%00|%ed%(a|b)[0-9a-f]/i;

/**
 * Refuses a URL whose path or query decodes to text PostgreSQL cannot store (NUL, surrogates):
 * every page, route handler and action behind it would otherwise reach a query with it.
 */
export function refuseUnstorableUrl(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? "";
  if (!UNSTORABLE_IN_URL.test(url) && !url.includes("\u0000")) return false;
  const requestId = newRequestId();
  const message = "The address contains a NUL character or an encoded UTF-16 surrogate, which cannot be stored.";
  const body = JSON.stringify({ error: { code: "INVALID_REQUEST", message, requestId, details: [{ path: "(url)", message: "contains a NUL character or a surrogate" }] } });
  res.writeHead(400, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), "x-request-id": requestId });
  res.end(body);
  return true;
}

const LINGER_MS = 2_000;

/**
 * Closes a connection whose request body was refused unread. Closing at once would reset it
 * (TCP answers unread data with RST, and the client may lose the answer it has not read yet),
 * and reading on would let it send forever. So the socket stops reading (the client's sends
 * stall under TCP flow control while it reads the answer) and goes after LINGER_MS.
 */
export function closeAfterAnswer(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket || socket.destroyed) return;
  socket.pause();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

function refuseTooLarge(res: ServerResponse, limit: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const requestId = newRequestId();
  const body = JSON.stringify({
    error: { code: "PAYLOAD_TOO_LARGE", message: `The body is larger than ${limit / 1024 / 1024} MiB.`, requestId },
  });
  res.writeHead(413, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "x-request-id": requestId,
  });
  res.end(body, () => closeAfterAnswer(res));
  // nothing written after this answer reaches the client (a handler still waiting for the body)
  res.writeHead = (() => res) as never;
  res.write = (() => true) as never;
  res.end = (() => res) as never;
}

/**
 * Refuses a declared Content-Length over the limit before a byte is read, and counts a streamed
 * (chunked) body as the HTTP parser hands it over: at the limit the request gets its 413 at once
 * and no further chunk reaches the stream. Returns false when the request was refused.
 */
export function limitRequestBody(req: IncomingMessage, res: ServerResponse, limit = MAX_BODY_BYTES): boolean {
  const declared = req.headers["content-length"];
  if (declared !== undefined && !(Number(declared) <= limit)) {
    refuseTooLarge(res, limit);
    return false;
  }
  if (declared !== undefined) return true; // the parser stops at the declared length
  let seen = 0;
  const push = req.push.bind(req);
  // IncomingMessage receives each body chunk through push() from the HTTP parser.
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk !== null && chunk !== undefined) {
      seen += (chunk as Buffer).length;
      if (seen > limit) {
        req.push = () => false;
        refuseTooLarge(res, limit);
        return false;
      }
    }
    return push(chunk, encoding);
  };
  return true;
}
