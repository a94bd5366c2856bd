import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { RedisRateLimiter, type RateLimiter } from "@/lib/keys/rate-limit";
import { verifyKey } from "@/lib/keys/verify";
import { createOrg, createTestProject } from "../factories";
import { createTeamKey } from "../key-factories";
import { redisPrefixes, TEST_REDIS_URL } from "../redis-factories";

// The Redis rate limiter (REDIS_URL), against the real Redis of this machine and of CI. Every
// test uses its own key prefix and deletes what it created (test/redis-factories.ts).
const MINUTE = 60_000;

// Verification in this file counts in Redis: rateLimiter() answers the limiter set here.
const current = vi.hoisted(() => ({ limiter: null as RateLimiter | null }));
vi.mock(import("@/lib/keys/rate-limit"), async (importOriginal) => {
  const mod = await importOriginal();
  return { ...mod, rateLimiter: () => current.limiter ?? mod.rateLimiter() };
});

let redis: Redis;
let secondNode: Redis;
const { newPrefix, keysUnder, cleanUp } = redisPrefixes(() => redis, "rl");

beforeAll(async () => {
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  secondNode = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  await Promise.all([redis.connect(), secondNode.connect()]);
});

afterEach(async () => {
  current.limiter = null;
  await cleanUp();
});

afterAll(async () => {
  await Promise.all([redis?.quit(), secondNode?.quit()]);
});

describe("RedisRateLimiter", () => {
  it("allows `limit` requests in a UTC minute window, then refuses without counting", async () => {
    const prefix = newPrefix();
    const rl = new RedisRateLimiter(redis, prefix);
    const now = Date.parse("2030-06-01T12:34:56.789Z");
    const resetAt = Date.parse("2030-06-01T12:35:00.000Z");
    for (let i = 1; i <= 3; i++) expect(await rl.hit("key_a", 3, now)).toEqual({ allowed: true, limit: 3, remaining: 3 - i, resetAt });
    for (let i = 0; i < 5; i++) expect(await rl.hit("key_a", 3, now)).toEqual({ allowed: false, limit: 3, remaining: 0, resetAt });

    const [counter] = await keysUnder(prefix);
    expect(counter).toBe(`${prefix}key_a:${resetAt - MINUTE}`);
    expect(await redis.get(counter!)).toBe("3"); // refusals were not counted
    const ttl = await redis.pttl(counter!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(MINUTE + 1000);
  });

  it("starts again at the next minute and keeps one counter per key", async () => {
    const rl = new RedisRateLimiter(redis, newPrefix());
    const now = Date.parse("2030-06-01T12:34:59.999Z");
    expect((await rl.hit("key_a", 1, now)).allowed).toBe(true);
    expect((await rl.hit("key_a", 1, now)).allowed).toBe(false);
    expect((await rl.hit("key_b", 1, now)).allowed).toBe(true);
    expect(await rl.hit("key_a", 1, now + 1)).toMatchObject({ allowed: true, remaining: 0, resetAt: now + 1 + MINUTE });
  });

  it("peeks without counting", async () => {
    const rl = new RedisRateLimiter(redis, newPrefix());
    const now = Date.now();
    expect(await rl.peek("key_a", 2, now)).toMatchObject({ allowed: true, remaining: 2 });
    await rl.hit("key_a", 2, now);
    expect(await rl.peek("key_a", 2, now)).toMatchObject({ allowed: true, remaining: 1 });
    expect(await rl.peek("key_a", 2, now)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it("is exact across nodes: concurrent requests on two connections share one counter", async () => {
    const prefix = newPrefix();
    const nodes = [new RedisRateLimiter(redis, prefix), new RedisRateLimiter(secondNode, prefix)];
    const now = Date.now();
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => nodes[i % 2]!.hit("key_a", 25, now)));
    expect(answers.filter((a) => a.allowed)).toHaveLength(25);
    expect(answers.filter((a) => a.allowed).map((a) => a.remaining).sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(await redis.get(`${prefix}key_a:${now - (now % MINUTE)}`)).toBe("25");
  });
});

describe("verification with the Redis rate limiter", () => {
  it("answers N VALID then RATE_LIMITED, counting only requests that pass everything else", async () => {
    const prefix = newPrefix();
    current.limiter = new RedisRateLimiter(redis, prefix);
    const fx = await createOrg();
    const p = await createTestProject(fx);
    const { key, secret } = await createTeamKey(fx, p.id, { rateLimitPerMinute: 3, allowedModels: ["openai/*"] });
    const now = Date.now();

    for (let i = 0; i < 4; i++) expect((await verifyKey({ key: secret, model: "mistral/mistral-large" }, now)).code).toBe("MODEL_NOT_ALLOWED");
    expect(await keysUnder(prefix)).toEqual([]); // nothing counted yet
    for (let i = 1; i <= 3; i++) {
      expect(await verifyKey({ key: secret, model: "openai/gpt-4o" }, now)).toMatchObject({ valid: true, ratelimit: { limit: 3, remaining: 3 - i } });
    }
    expect(await verifyKey({ key: secret, model: "openai/gpt-4o" }, now)).toMatchObject({ valid: false, code: "RATE_LIMITED", keyId: key.id });
    expect(await redis.get(`${prefix}${key.id}:${now - (now % MINUTE)}`)).toBe("3");
    expect((await verifyKey({ key: secret }, now - (now % MINUTE) + MINUTE)).code).toBe("VALID");
  });
});
