import { Redis } from "ioredis";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/core/singleton";
import { RedisLimitStore } from "./redis-store";

// The counters of limits: per counter what accepted usage used (`used`) and what open holds
// reserve (`held`). One atomic step per verification for the whole chain, all or nothing:
// in process here, in Redis (./redis-store.ts) when REDIS_URL is set so that every node
// shares them. PostgreSQL stays the source of truth: counters that PostgreSQL can rebuild
// (`seeded`) are reported missing until the caller seeds them from the rollups.

export type CounterSpec = {
  key: string;
  limit: number;
  /** false for monitor limits: they never refuse and never hold */
  enforce: boolean;
  /** what this verification adds: to `held` (hold: true) or to `used` (requests) */
  amount: number;
  hold: boolean;
  /** counters PostgreSQL rebuilds (budgets, tokens per day): missing until seeded */
  seeded: boolean;
  /** used according to PostgreSQL, given when the store reported the counter missing */
  seed?: number;
  /** when the counter may be forgotten (ms): the end of its window, plus margin */
  expiresAt: number;
};

export type CounterState = { used: number; held: number };
export type Hold = { id: string; expiresAt: number };

export type AcquireResult =
  | { status: "missing"; missing: number[] }
  | { status: "refused" | "ok"; states: CounterState[] };

/** What an ingested batch changes: totals from PostgreSQL (kept as the larger), additions, holds settled. */
export type Settlement = {
  set: { key: string; used: number; expiresAt: number }[];
  add: { key: string; amount: number; expiresAt: number }[];
  release: string[];
};

/**
 * Whether a counter has room: with an amount, used + held + amount may reach the limit;
 * without one (a budget checked without a reserve), used + held must stay below it.
 */
export function fits(state: CounterState, c: Pick<CounterSpec, "limit" | "amount">): boolean {
  const taken = state.used + state.held;
  return c.amount > 0 ? taken + c.amount <= c.limit : taken < c.limit;
}

export interface LimitStore {
  /**
   * Checks every counter; when each enforce counter fits, adds the amounts (held ones under
   * the hold) and answers "ok", else changes nothing and answers "refused". States are
   * those before this call.
   */
  acquire(counters: CounterSpec[], hold: Hold | null, now: number): Promise<AcquireResult>;
  settle(s: Settlement, now: number): Promise<void>;
  /** Releases a hold; answers false when it was not open (settled, released or expired). */
  release(holdId: string, now: number): Promise<boolean>;
  /** The states of counters, null for those the store does not have. */
  peek(keys: string[], now: number): Promise<(CounterState | null)[]>;
  /**
   * Another node changed what a target's seeded counters hold (a budget used up or raised):
   * they are rebuilt from PostgreSQL on their next use. Shared stores need nothing.
   */
  stale?(level: string, targetId: string): void;
}

type Counter = CounterState & { expiresAt: number; stale?: boolean };
type OpenHold = Hold & { parts: { key: string; amount: number }[] };

export class MemoryLimitStore implements LimitStore {
  private counters = new Map<string, Counter>();
  /** open holds in the order they expire: a Map keeps insertion order, and one TTL per process makes it expiry order */
  private holds = new Map<string, OpenHold>();
  private lastSweep = 0;

  private sweep(now: number) {
    for (const hold of this.holds.values()) {
      if (hold.expiresAt > now) break;
      this.drop(hold.id);
    }
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [k, c] of this.counters) if (c.expiresAt <= now && c.held === 0) this.counters.delete(k);
  }

  private drop(holdId: string): boolean {
    const hold = this.holds.get(holdId);
    if (!hold) return false;
    this.holds.delete(holdId);
    for (const p of hold.parts) {
      const c = this.counters.get(p.key);
      if (c) c.held = Math.max(0, c.held - p.amount);
    }
    return true;
  }

  async acquire(specs: CounterSpec[], hold: Hold | null, now: number): Promise<AcquireResult> {
    this.sweep(now);
    const missing: number[] = [];
    specs.forEach((s, i) => {
      const c = this.counters.get(s.key);
      if ((!c || c.stale) && s.seeded && s.seed === undefined) missing.push(i);
    });
    if (missing.length > 0) return { status: "missing", missing };
    const states = specs.map((s) => {
      const c = this.counters.get(s.key);
      const used = Math.max(c?.used ?? 0, s.seed ?? 0);
      return { used, held: c?.held ?? 0 };
    });
    const refused = specs.some((s, i) => s.enforce && !fits(states[i]!, s));
    // seeds are kept even when refused: they are PostgreSQL's totals
    specs.forEach((s, i) => {
      const c = this.counters.get(s.key);
      if (c) {
        c.used = states[i]!.used;
        if (s.seed !== undefined) c.stale = false;
      } else if (s.seeded || !refused) this.counters.set(s.key, { used: states[i]!.used, held: 0, expiresAt: s.expiresAt });
    });
    if (refused) return { status: "refused", states };
    const parts: OpenHold["parts"] = [];
    for (const s of specs) {
      if (s.amount <= 0) continue;
      const c = this.counters.get(s.key)!;
      if (!s.hold) c.used += s.amount;
      else if (hold && s.enforce) {
        c.held += s.amount;
        parts.push({ key: s.key, amount: s.amount });
      }
    }
    if (hold && parts.length > 0) {
      this.drop(hold.id); // an id is used once; were it reused, its first parts must not stay held
      this.holds.set(hold.id, { ...hold, parts });
    }
    return { status: "ok", states };
  }

  async settle(s: Settlement, now: number): Promise<void> {
    for (const u of s.set) {
      const c = this.counters.get(u.key);
      if (c) c.used = Math.max(c.used, u.used);
      else this.counters.set(u.key, { used: u.used, held: 0, expiresAt: u.expiresAt });
    }
    for (const a of s.add) {
      const c = this.counters.get(a.key);
      if (c) c.used += a.amount;
      else this.counters.set(a.key, { used: a.amount, held: 0, expiresAt: a.expiresAt });
    }
    for (const id of s.release) this.drop(id);
    this.sweep(now);
  }

  async release(holdId: string, now: number): Promise<boolean> {
    this.sweep(now);
    return this.drop(holdId);
  }

  stale(level: string, targetId: string) {
    const prefixes = [`b|${level}|${targetId}|`, `tk|${level}|${targetId}|`];
    for (const [k, c] of this.counters) if (prefixes.some((p) => k.startsWith(p))) c.stale = true;
  }

  async peek(keys: string[], now: number): Promise<(CounterState | null)[]> {
    this.sweep(now);
    return keys.map((k) => {
      const c = this.counters.get(k);
      return c ? { used: c.used, held: c.held } : null;
    });
  }
}

export const limitStore = () =>
  processSingleton<LimitStore>("limitStore", () => {
    const url = env().REDIS_URL;
    if (!url) return new MemoryLimitStore();
    return new RedisLimitStore(new Redis(url, { maxRetriesPerRequest: 2, enableAutoPipelining: true }));
  });
