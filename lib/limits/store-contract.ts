import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CounterSpec, LimitStore } from "./store";

// What every LimitStore must do (store.ts), as vitest cases: run against MemoryLimitStore
// (store.test.ts) and RedisLimitStore (test/integration/limits-redis-store.test.ts). Time is
// the `now` argument, near the real clock (Redis expires counters on its own clock).

const HOUR = 3_600_000;

export function describeLimitStore(name: string, make: () => Promise<{ store: LimitStore; cleanup: () => Promise<void> }>) {
  describe(`LimitStore contract: ${name}`, () => {
    let store: LimitStore;
    let cleanup: (() => Promise<void>) | undefined;
    const now = Math.floor(Date.now() / 1000) * 1000;

    beforeEach(async () => {
      ({ store, cleanup } = await make());
    });
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    /** A budget counter (seeded, held) by default. */
    const spec = (key: string, o: Partial<CounterSpec> = {}): CounterSpec => ({
      key,
      limit: 100,
      enforce: true,
      amount: 0,
      hold: true,
      seeded: true,
      expiresAt: now + HOUR,
      ...o,
    });
    const request = (key: string, o: Partial<CounterSpec> = {}) => spec(key, { hold: false, seeded: false, amount: 1, ...o });
    const hold = (id: string, ttl = 60_000) => ({ id, expiresAt: now + ttl });

    it("reports seeded counters missing until seeded, and creates nothing meanwhile", async () => {
      const specs = [request("req"), spec("budget", { amount: 10 }), spec("seeded-given", { seed: 5 })];
      expect(await store.acquire(specs, hold("h1"), now)).toEqual({ status: "missing", missing: [1] });
      expect(await store.peek(["req", "budget", "seeded-given"], now)).toEqual([null, null, null]);

      specs[1]!.seed = 40;
      expect(await store.acquire(specs, hold("h1"), now)).toEqual({
        status: "ok",
        states: [
          { used: 0, held: 0 },
          { used: 40, held: 0 },
          { used: 5, held: 0 },
        ],
      });
      expect(await store.peek(["req", "budget", "seeded-given"], now)).toEqual([
        { used: 1, held: 0 },
        { used: 40, held: 10 },
        { used: 5, held: 0 },
      ]);
      // present now: no seed needed
      expect(await store.acquire([spec("budget", { amount: 10 })], hold("h2"), now)).toEqual({ status: "ok", states: [{ used: 40, held: 10 }] });
    });

    it("a seed of 0 is a seed", async () => {
      expect(await store.acquire([spec("b", { seed: 0, amount: 1 })], hold("h"), now)).toEqual({ status: "ok", states: [{ used: 0, held: 0 }] });
    });

    it("refuses when used + held + amount exceeds the limit, changing nothing; reaching it exactly fits", async () => {
      expect((await store.acquire([spec("b", { seed: 60, amount: 30 })], hold("h1"), now)).status).toBe("ok");
      expect(await store.acquire([spec("b", { amount: 20 })], hold("h2"), now)).toEqual({ status: "refused", states: [{ used: 60, held: 30 }] });
      expect(await store.peek(["b"], now)).toEqual([{ used: 60, held: 30 }]);
      expect(await store.release("h2", now)).toBe(false);
      expect(await store.acquire([spec("b", { amount: 10 })], hold("h3"), now)).toEqual({ status: "ok", states: [{ used: 60, held: 30 }] });
      expect(await store.peek(["b"], now)).toEqual([{ used: 60, held: 40 }]);
    });

    it("is all or nothing over several counters, answering the states before the call", async () => {
      await store.acquire([spec("a", { seed: 10 }), spec("b", { seed: 95 })], null, now);
      const specs = [spec("a", { amount: 10 }), spec("b", { amount: 10 }), request("r", { limit: 5 }), spec("m", { enforce: false, amount: 10, seed: 0 })];
      expect(await store.acquire(specs, hold("h"), now)).toEqual({
        status: "refused",
        states: [
          { used: 10, held: 0 },
          { used: 95, held: 0 },
          { used: 0, held: 0 },
          { used: 0, held: 0 },
        ],
      });
      // the refused request counter (not seeded) is not created; the seeded monitor keeps its seed
      expect(await store.peek(["a", "b", "r", "m"], now)).toEqual([{ used: 10, held: 0 }, { used: 95, held: 0 }, null, { used: 0, held: 0 }]);
      expect(await store.release("h", now)).toBe(false);

      specs[1] = spec("b", { amount: 5 });
      expect((await store.acquire(specs, hold("h"), now)).status).toBe("ok");
      expect(await store.peek(["a", "b", "r", "m"], now)).toEqual([
        { used: 10, held: 10 },
        { used: 95, held: 5 },
        { used: 1, held: 0 },
        { used: 0, held: 0 },
      ]);
    });

    it("keeps seeds even when refused, as the larger of used and seed", async () => {
      expect(await store.acquire([spec("b", { seed: 120, amount: 1 })], hold("h1"), now)).toEqual({ status: "refused", states: [{ used: 120, held: 0 }] });
      expect(await store.peek(["b"], now)).toEqual([{ used: 120, held: 0 }]);
      // a smaller seed does not lower used; a larger one raises it, even when refused
      expect(await store.acquire([spec("b", { seed: 50, amount: 1 })], hold("h2"), now)).toEqual({ status: "refused", states: [{ used: 120, held: 0 }] });
      expect(await store.acquire([spec("b", { seed: 130, amount: 1 })], hold("h3"), now)).toEqual({ status: "refused", states: [{ used: 130, held: 0 }] });
      expect(await store.peek(["b"], now)).toEqual([{ used: 130, held: 0 }]);
    });

    it("a seed smaller than used does not lower it", async () => {
      await store.acquire([spec("b", { seed: 70 })], null, now);
      expect(await store.acquire([spec("b", { seed: 20, amount: 10 })], hold("h"), now)).toEqual({ status: "ok", states: [{ used: 70, held: 0 }] });
      expect(await store.peek(["b"], now)).toEqual([{ used: 70, held: 10 }]);
    });

    it("monitor counters (enforce: false) never refuse and never hold", async () => {
      const m = spec("m", { enforce: false, seed: 150, amount: 30 });
      expect(await store.acquire([m], hold("h1"), now)).toEqual({ status: "ok", states: [{ used: 150, held: 0 }] });
      expect(await store.peek(["m"], now)).toEqual([{ used: 150, held: 0 }]);
      expect(await store.release("h1", now)).toBe(false); // no part held: no hold opened
      const r = request("mr", { enforce: false, limit: 1, amount: 1 });
      for (let i = 0; i < 3; i++) expect((await store.acquire([r], null, now)).status).toBe("ok");
      expect(await store.peek(["mr"], now)).toEqual([{ used: 3, held: 0 }]); // requests still count
    });

    it("without an amount, refuses once used + held reaches the limit", async () => {
      expect(await store.acquire([spec("b", { seed: 99 })], hold("h1"), now)).toEqual({ status: "ok", states: [{ used: 99, held: 0 }] });
      expect(await store.peek(["b"], now)).toEqual([{ used: 99, held: 0 }]);
      expect((await store.acquire([spec("b", { amount: 1 })], hold("h2"), now)).status).toBe("ok");
      expect(await store.acquire([spec("b")], hold("h3"), now)).toEqual({ status: "refused", states: [{ used: 99, held: 1 }] });
      await store.release("h2", now);
      expect((await store.acquire([spec("b")], null, now)).status).toBe("ok");
      await store.settle({ set: [{ key: "b", used: 100, expiresAt: now + HOUR }], add: [], release: [] }, now);
      expect(await store.acquire([spec("b")], null, now)).toEqual({ status: "refused", states: [{ used: 100, held: 0 }] });
    });

    it("request counters (hold: false) add to used, outside the hold", async () => {
      const r = request("r", { limit: 3 });
      for (let i = 0; i < 3; i++) expect(await store.acquire([r], hold(`h${i}`), now)).toEqual({ status: "ok", states: [{ used: i, held: 0 }] });
      expect(await store.acquire([r], hold("h3"), now)).toEqual({ status: "refused", states: [{ used: 3, held: 0 }] });
      expect(await store.peek(["r"], now)).toEqual([{ used: 3, held: 0 }]);

      const t = request("tokens", { limit: 1000, amount: 400 });
      expect((await store.acquire([t, spec("b", { seed: 0, amount: 5 })], hold("hb"), now)).status).toBe("ok");
      expect(await store.release("hb", now)).toBe(true);
      expect(await store.peek(["tokens", "b"], now)).toEqual([
        { used: 400, held: 0 },
        { used: 0, held: 0 },
      ]);
    });

    it("without a hold, checks held counters but holds nothing", async () => {
      expect(await store.acquire([spec("b", { seed: 0, amount: 100 })], null, now)).toEqual({ status: "ok", states: [{ used: 0, held: 0 }] });
      expect(await store.peek(["b"], now)).toEqual([{ used: 0, held: 0 }]);
      expect((await store.acquire([spec("b", { amount: 101 })], null, now)).status).toBe("refused");
    });

    it("never lets concurrent acquires both take the last room", async () => {
      await store.acquire([spec("b", { seed: 0 })], null, now);
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => store.acquire([spec("b", { amount: 5 }), request("r", { limit: 1000 })], hold(`h${i}`), now)));
      const ok = answers.flatMap((a, i) => (a.status === "ok" ? [i] : []));
      expect(ok).toHaveLength(20);
      expect(await store.peek(["b", "r"], now)).toEqual([
        { used: 0, held: 100 },
        { used: 20, held: 0 },
      ]);
      const released = await Promise.all(answers.map((_, i) => store.release(`h${i}`, now)));
      expect(released.filter(Boolean)).toHaveLength(20);
      expect(await store.peek(["b"], now)).toEqual([{ used: 0, held: 0 }]);
    });

    it("releases a hold once: held back to 0, then false", async () => {
      await store.acquire([spec("a", { seed: 1, amount: 7 }), spec("b", { seed: 2, amount: 9 })], hold("h"), now);
      expect(await store.peek(["a", "b"], now)).toEqual([
        { used: 1, held: 7 },
        { used: 2, held: 9 },
      ]);
      expect(await store.release("h", now)).toBe(true);
      expect(await store.peek(["a", "b"], now)).toEqual([
        { used: 1, held: 0 },
        { used: 2, held: 0 },
      ]);
      expect(await store.release("h", now)).toBe(false);
      expect(await store.release("never-opened", now)).toBe(false);
      expect(await store.peek(["a", "b"], now)).toEqual([
        { used: 1, held: 0 },
        { used: 2, held: 0 },
      ]);
    });

    it("releases holds at their expiresAt (the `now` given)", async () => {
      await store.acquire([spec("b", { seed: 0, amount: 60 })], hold("h1", 10_000), now);
      await store.acquire([spec("b", { amount: 30 })], hold("h2", 20_000), now + 1);
      expect(await store.peek(["b"], now + 9_999)).toEqual([{ used: 0, held: 90 }]);
      expect((await store.acquire([spec("b", { amount: 20 })], hold("x"), now + 9_999)).status).toBe("refused");
      expect(await store.peek(["b"], now + 10_000)).toEqual([{ used: 0, held: 30 }]);
      expect(await store.release("h1", now + 10_000)).toBe(false);
      expect((await store.acquire([spec("b", { amount: 20 })], hold("h3", 60_000), now + 10_000)).status).toBe("ok");
      // an expired hold is not open any more, even when nothing swept it yet
      expect(await store.release("h2", now + 30_000)).toBe(false);
      expect(await store.peek(["b"], now + 30_000)).toEqual([{ used: 0, held: 20 }]);
      expect(await store.peek(["b"], now + 70_000)).toEqual([{ used: 0, held: 0 }]);
    });

    it("settle sets totals as the larger, adds, creates absent counters", async () => {
      await store.acquire([spec("b", { seed: 50 })], null, now);
      const exp = now + HOUR;
      await store.settle({ set: [{ key: "b", used: 80, expiresAt: exp }, { key: "new-set", used: 12, expiresAt: exp }], add: [{ key: "new-add", amount: 3, expiresAt: exp }], release: [] }, now);
      expect(await store.peek(["b", "new-set", "new-add"], now)).toEqual([
        { used: 80, held: 0 },
        { used: 12, held: 0 },
        { used: 3, held: 0 },
      ]);
      // a smaller later total does not lower used
      await store.settle({ set: [{ key: "b", used: 70, expiresAt: exp }], add: [{ key: "new-add", amount: 4, expiresAt: exp }], release: [] }, now);
      expect(await store.peek(["b", "new-add"], now)).toEqual([
        { used: 80, held: 0 },
        { used: 7, held: 0 },
      ]);
      // created by settle, a seeded counter is present: no seed needed
      expect(await store.acquire([spec("new-set", { amount: 1 })], null, now)).toEqual({ status: "ok", states: [{ used: 12, held: 0 }] });
    });

    it("settle releases holds, which are then not open", async () => {
      await store.acquire([spec("b", { seed: 10, amount: 25 }), spec("t", { seed: 0, amount: 500, limit: 10_000 })], hold("h"), now);
      await store.settle({ set: [{ key: "b", used: 22, expiresAt: now + HOUR }], add: [{ key: "t", amount: 480, expiresAt: now + HOUR }], release: ["h"] }, now);
      expect(await store.peek(["b", "t"], now)).toEqual([
        { used: 22, held: 0 },
        { used: 480, held: 0 },
      ]);
      expect(await store.release("h", now)).toBe(false);
      // settling a hold again changes nothing
      await store.settle({ set: [], add: [], release: ["h", "unknown"] }, now);
      expect(await store.peek(["b", "t"], now)).toEqual([
        { used: 22, held: 0 },
        { used: 480, held: 0 },
      ]);
    });

    it("once every hold is settled, released or expired, held is exactly 0 everywhere", async () => {
      const keys = ["org", "project", "key", "tokens"];
      await store.acquire(keys.map((k) => spec(k, { seed: 0 })), null, now);
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) {
        const specs = keys.map((k, j) => spec(k, { amount: 1 + ((i * 7 + j * 3) % 11), limit: 1_000_000 }));
        const id = `h${i}`;
        if ((await store.acquire(specs, hold(id, 5_000 + i * 1_000), now + i)).status === "ok") ids.push(id);
      }
      expect(ids).toHaveLength(30);
      const [released, settled] = [ids.filter((_, i) => i % 3 === 0), ids.filter((_, i) => i % 3 === 1)];
      await Promise.all(released.map((id) => store.release(id, now + 1_000)));
      await store.settle({ set: [], add: keys.map((key) => ({ key, amount: 1, expiresAt: now + HOUR })), release: settled }, now + 1_000);
      expect((await store.peek(keys, now + 1_000)).every((s) => s!.held > 0)).toBe(true);
      const states = await store.peek(keys, now + 60_000);
      expect(states).toEqual(keys.map(() => ({ used: 1, held: 0 })));
      for (const id of ids) expect(await store.release(id, now + 60_000)).toBe(false);
    });

    it("keeps micro-dollar amounts beyond 2^31 (and 14 digits) exact", async () => {
      const limit = 9_000_000_000_000_000; // below 2^53
      const [seed, amount, added] = [1_234_567_890_123_457, 2_345_678_901_234_567, 2_147_483_649];
      expect(await store.acquire([spec("b", { limit, seed, amount })], hold("h"), now)).toEqual({ status: "ok", states: [{ used: seed, held: 0 }] });
      expect(await store.peek(["b"], now)).toEqual([{ used: seed, held: amount }]);
      await store.settle({ set: [], add: [{ key: "b", amount: added, expiresAt: now + HOUR }], release: [] }, now);
      const used = seed + added;
      const rest = limit - used - amount;
      expect(await store.acquire([spec("b", { limit, amount: rest })], hold("h2"), now)).toEqual({ status: "ok", states: [{ used, held: amount }] });
      expect(await store.acquire([spec("b", { limit, amount: 1 })], hold("h3"), now)).toEqual({ status: "refused", states: [{ used, held: limit - used }] });
      await store.settle({ set: [{ key: "b", used: used + 1, expiresAt: now + HOUR }], add: [], release: ["h"] }, now);
      expect(await store.peek(["b"], now)).toEqual([{ used: used + 1, held: rest }]);
    });
  });
}
