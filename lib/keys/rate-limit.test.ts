import { describe, expect, it } from "vitest";
import { MemoryRateLimiter } from "./rate-limit";

const MINUTE = Date.parse("2030-06-01T12:34:00.000Z"); // a UTC minute boundary
const NEXT = MINUTE + 60_000;

describe("MemoryRateLimiter", () => {
  it("allows `limit` requests in a minute, counting down remaining, then refuses", () => {
    const rl = new MemoryRateLimiter();
    for (let i = 1; i <= 3; i++) {
      expect(rl.hit("key_a", 3, MINUTE + i * 1000)).toEqual({ allowed: true, limit: 3, remaining: 3 - i, resetAt: NEXT });
    }
    expect(rl.hit("key_a", 3, MINUTE + 5000)).toEqual({ allowed: false, limit: 3, remaining: 0, resetAt: NEXT });
  });

  it("uses fixed UTC minute windows: the last millisecond of a minute and the first of the next differ", () => {
    const rl = new MemoryRateLimiter();
    expect(rl.hit("key_a", 1, NEXT - 1)).toMatchObject({ allowed: true, resetAt: NEXT });
    expect(rl.hit("key_a", 1, NEXT - 1)).toMatchObject({ allowed: false, resetAt: NEXT });
    expect(rl.hit("key_a", 1, NEXT)).toMatchObject({ allowed: true, remaining: 0, resetAt: NEXT + 60_000 });
  });

  it("starts a window at the minute boundary, not at the first request", () => {
    const rl = new MemoryRateLimiter();
    expect(rl.hit("key_a", 5, MINUTE + 59_000).resetAt).toBe(NEXT);
    expect(new Date(rl.hit("key_b", 5, MINUTE + 12_345).resetAt).toISOString()).toBe("2030-06-01T12:35:00.000Z");
  });

  it("does not count refused requests: the next window is full again however many were refused", () => {
    const rl = new MemoryRateLimiter();
    rl.hit("key_a", 2, MINUTE);
    rl.hit("key_a", 2, MINUTE);
    for (let i = 0; i < 50; i++) expect(rl.hit("key_a", 2, MINUTE + 100 + i).allowed).toBe(false);
    expect(rl.peek("key_a", 2, MINUTE + 500)).toMatchObject({ allowed: false, remaining: 0 });
    // with a higher limit the window holds the 2 counted requests, not 52
    expect(rl.peek("key_a", 3, MINUTE + 500)).toMatchObject({ allowed: true, remaining: 1 });
    // refusals were never counted: the next minute gives exactly `limit` again
    expect(rl.hit("key_a", 2, NEXT)).toMatchObject({ allowed: true, remaining: 1 });
    expect(rl.hit("key_a", 2, NEXT + 1)).toMatchObject({ allowed: true, remaining: 0 });
    expect(rl.hit("key_a", 2, NEXT + 2).allowed).toBe(false);
  });

  it("resets at the next minute", () => {
    const rl = new MemoryRateLimiter();
    for (let i = 0; i < 3; i++) rl.hit("key_a", 3, MINUTE + i);
    expect(rl.hit("key_a", 3, MINUTE + 30_000).allowed).toBe(false);
    expect(rl.peek("key_a", 3, NEXT)).toEqual({ allowed: true, limit: 3, remaining: 3, resetAt: NEXT + 60_000 });
    expect(rl.hit("key_a", 3, NEXT).allowed).toBe(true);
  });

  it("keeps one counter per key", () => {
    const rl = new MemoryRateLimiter();
    expect(rl.hit("key_a", 1, MINUTE).allowed).toBe(true);
    expect(rl.hit("key_a", 1, MINUTE).allowed).toBe(false);
    expect(rl.hit("key_b", 1, MINUTE).allowed).toBe(true);
  });

  it("peeks without counting", () => {
    const rl = new MemoryRateLimiter();
    for (let i = 0; i < 10; i++) expect(rl.peek("key_a", 1, MINUTE)).toMatchObject({ allowed: true, remaining: 1 });
    expect(rl.hit("key_a", 1, MINUTE)).toMatchObject({ allowed: true, remaining: 0 });
    expect(rl.peek("key_a", 1, MINUTE)).toMatchObject({ allowed: false, remaining: 0 });
  });

  it("uses the limit given on each call, so a changed limit applies at once", () => {
    const rl = new MemoryRateLimiter();
    rl.hit("key_a", 2, MINUTE);
    rl.hit("key_a", 2, MINUTE);
    expect(rl.hit("key_a", 2, MINUTE).allowed).toBe(false);
    expect(rl.hit("key_a", 3, MINUTE)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it("forgets past windows instead of growing without end", () => {
    const rl = new MemoryRateLimiter();
    for (let i = 0; i < 1000; i++) rl.hit(`key_${i}`, 5, MINUTE);
    rl.hit("key_new", 5, NEXT);
    const windows = (rl as unknown as { windows: Map<string, unknown> }).windows;
    expect(windows.size).toBe(1);
  });
});
