import { randomToken } from "@/lib/ids";

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

export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) return forwarded.split(",")[0]!.trim() || null;
  return headers.get("x-real-ip");
}
