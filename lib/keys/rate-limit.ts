import { Redis } from "ioredis";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/core/singleton";

// Requests per minute per key, in fixed one-minute windows (UTC minute boundaries).
// In process by default; in Redis when REDIS_URL is set, which makes it exact across nodes.

export type RateDecision = { allowed: boolean; limit: number; remaining: number; resetAt: number };
const WINDOW_MS = 60_000;

export interface RateLimiter {
  /** Counts one request if it fits in the window; refused requests are not counted. */
  hit(keyId: string, limit: number, now: number): RateDecision | Promise<RateDecision>;
  /** The window's state without counting (for the access explainer). */
  peek(keyId: string, limit: number, now: number): RateDecision | Promise<RateDecision>;
}

export class MemoryRateLimiter implements RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  private state(keyId: string, now: number) {
    const start = now - (now % WINDOW_MS);
    if (start !== this.lastSweep) this.sweep(start);
    let w = this.windows.get(keyId);
    if (!w || w.start !== start) this.windows.set(keyId, (w = { start, count: 0 }));
    return w;
  }

  private sweep(start: number) {
    this.lastSweep = start;
    for (const [k, w] of this.windows) if (w.start < start) this.windows.delete(k);
  }

  hit(keyId: string, limit: number, now: number): RateDecision {
    const w = this.state(keyId, now);
    const allowed = w.count < limit;
    if (allowed) w.count++;
    return { allowed, limit, remaining: Math.max(0, limit - w.count), resetAt: w.start + WINDOW_MS };
  }

  peek(keyId: string, limit: number, now: number): RateDecision {
    const w = this.state(keyId, now);
    return { allowed: w.count < limit, limit, remaining: Math.max(0, limit - w.count), resetAt: w.start + WINDOW_MS };
  }
}

// Increment only while under the limit, atomically; returns the count after the call.
const HIT_SCRIPT = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n < tonumber(ARGV[1]) then
  n = redis.call('INCR', KEYS[1])
  if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
  return {1, n}
end
return {0, n}`;

type RedisWithHit = Redis & { rlHit(key: string, limit: number, ttl: number): Promise<[number, number]> };

export class RedisRateLimiter implements RateLimiter {
  private readonly redis: RedisWithHit;
  constructor(redis: Redis, private readonly prefix = "anyint:rl:") {
    redis.defineCommand("rlHit", { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis = redis as RedisWithHit;
  }

  private key(keyId: string, start: number) {
    return `${this.prefix}${keyId}:${start}`;
  }

  async hit(keyId: string, limit: number, now: number): Promise<RateDecision> {
    const start = now - (now % WINDOW_MS);
    const [ok, count] = await this.redis.rlHit(this.key(keyId, start), limit, WINDOW_MS + 1000);
    return { allowed: ok === 1, limit, remaining: Math.max(0, limit - count), resetAt: start + WINDOW_MS };
  }

  async peek(keyId: string, limit: number, now: number): Promise<RateDecision> {
    const start = now - (now % WINDOW_MS);
    const count = Number((await this.redis.get(this.key(keyId, start))) ?? 0);
    return { allowed: count < limit, limit, remaining: Math.max(0, limit - count), resetAt: start + WINDOW_MS };
  }
}

export const rateLimiter = () =>
  processSingleton<RateLimiter>("rateLimiter", () => {
    const url = env().REDIS_URL;
    if (!url) return new MemoryRateLimiter();
    return new RedisRateLimiter(new Redis(url, { maxRetriesPerRequest: 2, enableAutoPipelining: true }));
  });
