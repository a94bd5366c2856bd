import { rateLimiter } from "@/lib/keys/rate-limit";

// Magic-link requests are rate-limited per address and per client IP (spec/quality.md),
// with the same limiter as keys (in process, or Redis when REDIS_URL is set).
const PER_EMAIL_PER_MINUTE = 5;
const PER_IP_PER_MINUTE = 30;

/** Seconds to wait before asking again, or 0 when the request may go ahead. */
export async function signInRetryAfter(email: string, ip: string | null, now = Date.now()): Promise<number> {
  const limiter = rateLimiter();
  const checks = [limiter.hit(`signin:email:${email}`, PER_EMAIL_PER_MINUTE, now)];
  if (ip) checks.push(limiter.hit(`signin:ip:${ip}`, PER_IP_PER_MINUTE, now));
  const refused = (await Promise.all(checks)).filter((d) => !d.allowed);
  if (refused.length === 0) return 0;
  return Math.ceil((Math.max(...refused.map((d) => d.resetAt)) - now) / 1000);
}
