import { randomToken } from "@/lib/core/ids";
import { CLIENT_IP_HEADER } from "./client-ip";

// Request ids are cheap on purpose (they are made on the verification hot path): a random
// prefix per process and a counter.
const processPrefix = randomToken(8);
let counter = 0;

export function newRequestId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `req_${processPrefix}${counter.toString(36)}`;
}

/** The caller's X-Request-Id when it is a plain token, else a new id. */
export function requestIdFrom(given: string | null | undefined): string {
  return given && given.length <= 100 && /^[A-Za-z0-9_.:-]+$/.test(given) ? given : newRequestId();
}

/**
 * The client IP that server.ts resolved from the socket and TRUSTED_PROXIES (lib/core/client-ip.ts).
 * X-Forwarded-For and X-Real-IP are never read here: a client can write them.
 */
export function clientIp(headers: Headers): string | null {
  return headers.get(CLIENT_IP_HEADER);
}
