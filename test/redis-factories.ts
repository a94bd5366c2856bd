import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { expect } from "vitest";

// Tests against the real Redis of this machine and of CI: each test works under a prefix of
// its own and deletes what it made (never FLUSHDB: other runs share the server).
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Fresh key prefixes on `redis`, remembered so that `cleanUp` deletes everything under them. */
export function redisPrefixes(redis: () => Redis, name: string) {
  const prefixes: string[] = [];
  const keysUnder = async (prefix: string) => {
    const found: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await redis().scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      found.push(...batch);
      cursor = next;
    } while (cursor !== "0");
    return found;
  };
  const deleteUnder = async (prefix: string) => {
    const keys = await keysUnder(prefix);
    if (keys.length > 0) await redis().del(...keys);
    expect(await keysUnder(prefix)).toEqual([]);
  };
  return {
    newPrefix() {
      const prefix = `anyint:test:${name}:${randomBytes(6).toString("hex")}:`;
      prefixes.push(prefix);
      return prefix;
    },
    keysUnder,
    deleteUnder,
    /** deletes what every prefix made so far holds, and checks nothing is left */
    async cleanUp() {
      for (const prefix of prefixes.splice(0)) await deleteUnder(prefix);
    },
  };
}
