import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import ipaddr from "ipaddr.js";
import { rateLimiter } from "@/lib/keys/rate-limit";
import { json } from "@/lib/core/http";

// Every way into sign-in is rate-limited where its work happens (docs/security.md), with the
// same limiter as keys (in process, or Redis when REDIS_URL is set), in one-minute windows.
const PER_MINUTE = {
  magicLinkEmail: 5,
  magicLinkIp: 30,
  recoveryEmail: 5,
  recoveryIp: 20,
  ssoStartIp: 30,
  invitationIp: 20,
  invitationToken: 5,
  adminKeyFailuresIp: 30,
};

/** Counts one attempt on each counter; seconds to wait before trying again, or 0 when all had room. */
async function retryAfter(counters: [key: string, limit: number][], now = Date.now()): Promise<number> {
  const limiter = rateLimiter();
  const refused = (await Promise.all(counters.map(([key, limit]) => limiter.hit(key, limit, now)))).filter((d) => !d.allowed);
  if (refused.length === 0) return 0;
  return Math.max(1, Math.ceil((Math.max(...refused.map((d) => d.resetAt)) - now) / 1000));
}

/** The client a per-IP counter belongs to: an IPv4 address, or an IPv6 /64 (one subscriber's network, which it can walk freely). */
function clientKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const addr = ipaddr.process(ip);
  return addr.kind() === "ipv4" ? addr.toString() : `${addr.toNormalizedString().split(":").slice(0, 4).join(":")}::/64`;
}

const perIp = (key: string, ip: string | null, limit: number): [string, number][] => (ip ? [[`${key}:ip:${clientKey(ip)}`, limit]] : []);
const address = (email: string) => email.trim().toLowerCase();

export const magicLinkRetryAfter = (email: string, ip: string | null, now?: number) =>
  retryAfter([[`signin:email:${address(email)}`, PER_MINUTE.magicLinkEmail], ...perIp("signin", ip, PER_MINUTE.magicLinkIp)], now);

export const recoveryRetryAfter = (email: string, ip: string | null, now?: number) =>
  retryAfter([[`recovery:email:${address(email)}`, PER_MINUTE.recoveryEmail], ...perIp("recovery", ip, PER_MINUTE.recoveryIp)], now);

export const ssoStartRetryAfter = (ip: string | null, now?: number) => retryAfter(perIp("sso-start", ip, PER_MINUTE.ssoStartIp), now);

export const invitationRetryAfter = (token: string, ip: string | null, now?: number) =>
  retryAfter([[`invitation:token:${createHash("sha256").update(token).digest("base64url")}`, PER_MINUTE.invitationToken], ...perIp("invitation", ip, PER_MINUTE.invitationIp)], now);

/**
 * Failed admin-key authentications per client: a caller guessing or spraying well-formed keys
 * is refused before the lookup once it has failed 30 times in a minute. Only failures count.
 */
export async function adminKeyRetryAfter(ip: string | null, now = Date.now()): Promise<number> {
  if (!ip) return 0;
  const decision = await rateLimiter().peek(`admin-key-failures:ip:${clientKey(ip)}`, PER_MINUTE.adminKeyFailuresIp, now);
  return decision.allowed ? 0 : Math.max(1, Math.ceil((decision.resetAt - now) / 1000));
}

export async function countFailedAdminKey(ip: string | null, now = Date.now()): Promise<void> {
  if (ip) await rateLimiter().hit(`admin-key-failures:ip:${clientKey(ip)}`, PER_MINUTE.adminKeyFailuresIp, now);
}

export const tooManyAttempts = (seconds: number) => `Too many attempts. Try again in ${seconds} seconds.`;

/** The answer to an HTTP caller over a sign-in limit: 429 with Retry-After, in the API's error envelope. */
export const rateLimitedResponse = (seconds: number) =>
  json({ error: { code: "RATE_LIMITED", message: tooManyAttempts(seconds) } }, 429, { "retry-after": String(seconds), "cache-control": "no-store" });

// Auth.js calls its signIn callback without the request: the client's IP reaches it through
// this scope, and the callback's refusal comes back through it (no mail, no token is made).
type Attempt = { ip: string | null; retryAfter: number };
const attempt = new AsyncLocalStorage<Attempt>();

type Outcome<T> = { limited: false; result: T } | { limited: true; retryAfter: number };

/** Runs an Auth.js sign-in for the client at `ip`; `limited` when the magic-link limit refused it. */
export async function limitedSignIn<T>(ip: string | null, run: () => Promise<T>): Promise<Outcome<T>> {
  const state: Attempt = { ip, retryAfter: 0 };
  try {
    const result = await attempt.run(state, run);
    return state.retryAfter ? { limited: true, retryAfter: state.retryAfter } : { limited: false, result };
  } catch (error) {
    if (state.retryAfter) return { limited: true, retryAfter: state.retryAfter }; // signIn() redirects by throwing
    throw error;
  }
}

/** For the signIn callback when a link is requested: seconds to wait (recorded for limitedSignIn), or 0. */
export async function magicLinkRequestRetryAfter(email: string): Promise<number> {
  const state = attempt.getStore();
  const wait = await magicLinkRetryAfter(email, state?.ip ?? null);
  if (state) state.retryAfter = wait;
  return wait;
}
