import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RedisLimitStore } from "@/lib/limits/redis-store";
import type { CounterSpec } from "@/lib/limits/store";
import { describeLimitStore } from "@/lib/limits/store-contract";
import { redisPrefixes, TEST_REDIS_URL } from "../redis-factories";

// The Redis limit store (REDIS_URL), against the real Redis of this machine and of CI: the
// LimitStore contract, then what only a shared store shows. Every test uses its own key prefix
// and deletes what it created.
const HOUR = 3_600_000;

let redis: Redis;
let secondNode: Redis;
const { newPrefix, keysUnder, deleteUnder, cleanUp } = redisPrefixes(() => redis, "lim");

beforeAll(async () => {
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  secondNode = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  await Promise.all([redis.connect(), secondNode.connect()]);
});

afterEach(cleanUp);

afterAll(async () => {
  await Promise.all([redis?.quit(), secondNode?.quit()]);
});

describeLimitStore("RedisLimitStore", async () => {
  const prefix = newPrefix();
  return { store: new RedisLimitStore(redis, prefix), cleanup: () => deleteUnder(prefix) };
});

describe("RedisLimitStore across nodes", () => {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const budget = (o: Partial<CounterSpec> = {}): CounterSpec => ({ key: "org:budget", limit: 100, enforce: true, amount: 5, hold: true, seeded: true, expiresAt: now + HOUR, ...o });

  it("keeps its keys under the prefix, expiring: counters at expiresAt, held ones not before their holds", async () => {
    const prefix = newPrefix();
    const store = new RedisLimitStore(redis, prefix);
    const soon = Date.now() + 30_000;
    await store.acquire([budget({ key: "a", seed: 0, expiresAt: soon }), budget({ key: "b", seed: 0, amount: 0, expiresAt: soon })], { id: "h", expiresAt: Date.now() + 120_000 }, now);
    expect((await keysUnder(prefix)).sort()).toEqual([`${prefix}c:a`, `${prefix}c:b`, `${prefix}h:h`, `${prefix}holds`]);
    expect(await redis.hgetall(`${prefix}c:a`)).toEqual({ used: "0", held: "5" });
    expect(await redis.hgetall(`${prefix}h:h`)).toEqual({ a: "5" });
    const [a, b] = await Promise.all([redis.pttl(`${prefix}c:a`), redis.pttl(`${prefix}c:b`)]);
    expect(a).toBeGreaterThan(90_000); // extended to the hold's expiry
    expect(a).toBeLessThanOrEqual(120_000);
    expect(b).toBeGreaterThan(0);
    expect(b).toBeLessThanOrEqual(30_000);
    expect(await redis.pttl(`${prefix}h:h`)).toBeGreaterThan(120_000);
    expect(await redis.pttl(`${prefix}holds`)).toBeGreaterThan(120_000);
    // released: the hold's keys go
    expect(await store.release("h", now)).toBe(true);
    expect((await keysUnder(prefix)).sort()).toEqual([`${prefix}c:a`, `${prefix}c:b`]);
  });

  it("shares counters between two nodes: concurrent acquires never exceed the limit", async () => {
    const prefix = newPrefix();
    const nodes = [new RedisLimitStore(redis, prefix), new RedisLimitStore(secondNode, prefix)];
    expect((await nodes[0]!.acquire([budget({ seed: 0, amount: 0 })], null, now)).status).toBe("ok");
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => nodes[i % 2]!.acquire([budget({ amount: 7 })], { id: `h${i}`, expiresAt: now + 60_000 }, now)));
    const ok = answers.flatMap((a, i) => (a.status === "ok" ? [i] : []));
    expect(ok).toHaveLength(14); // 14 × 7 = 98
    for (const node of nodes) expect(await node.peek(["org:budget"], now)).toEqual([{ used: 0, held: 98 }]);
    // one node releases what the other held
    const released = await Promise.all(ok.map((i) => nodes[(i + 1) % 2]!.release(`h${i}`, now)));
    expect(released.every(Boolean)).toBe(true);
    expect(await nodes[0]!.peek(["org:budget"], now)).toEqual([{ used: 0, held: 0 }]);
  });

  it("sweeps at most 100 expired holds per call, yet answers none of them open", async () => {
    const prefix = newPrefix();
    const store = new RedisLimitStore(redis, prefix);
    for (let i = 0; i < 150; i++) expect((await store.acquire([budget({ seed: 0, amount: 1, limit: 1000 })], { id: `h${i}`, expiresAt: now + 1_000 + i }, now)).status).toBe("ok");
    const later = now + 60_000;
    expect(await store.release("h149", later)).toBe(false); // swept h0…h99, then found h149 expired
    expect(await redis.zcard(`${prefix}holds`)).toBe(49);
    expect(await store.peek(["org:budget"], later)).toEqual([{ used: 0, held: 0 }]);
    expect(await keysUnder(prefix)).toEqual([`${prefix}c:org:budget`]);
  });

  it("answers seeded counters missing again after Redis loses its keys", async () => {
    const prefix = newPrefix();
    const store = new RedisLimitStore(redis, prefix);
    const specs = [budget({ seed: 40 }), budget({ key: "key:requests", hold: false, seeded: false, amount: 1 })];
    expect((await store.acquire(specs, { id: "h", expiresAt: now + 60_000 }, now)).status).toBe("ok");
    await deleteUnder(prefix); // what FLUSHDB or an eviction does, for this prefix only
    delete specs[0]!.seed;
    expect(await store.acquire(specs, { id: "h2", expiresAt: now + 60_000 }, now)).toEqual({ status: "missing", missing: [0] });
    expect(await store.peek(["org:budget", "key:requests"], now)).toEqual([null, null]);
    expect(await store.release("h", now)).toBe(false);
    specs[0]!.seed = 45;
    expect(await store.acquire(specs, { id: "h2", expiresAt: now + 60_000 }, now)).toEqual({
      status: "ok",
      states: [
        { used: 45, held: 0 },
        { used: 0, held: 0 },
      ],
    });
  });
});
