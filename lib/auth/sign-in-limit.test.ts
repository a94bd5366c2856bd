import { describe, expect, it } from "vitest";
import { signInRetryAfter } from "./sign-in-limit";

describe("sign-in rate limit", () => {
  it("allows five links a minute per address, then says how long to wait", async () => {
    const email = `limit-${Math.random()}@example.test`;
    const now = Date.UTC(2026, 0, 1, 12, 0, 10);
    for (let i = 0; i < 5; i++) expect(await signInRetryAfter(email, null, now)).toBe(0);
    expect(await signInRetryAfter(email, null, now)).toBe(50);
    expect(await signInRetryAfter(email, null, now + 50_000)).toBe(0);
  });

  it("limits one client IP across addresses", async () => {
    const ip = `10.9.${Math.floor(Math.random() * 255)}.1`;
    const now = Date.UTC(2026, 0, 1, 12, 5, 0);
    for (let i = 0; i < 30; i++) expect(await signInRetryAfter(`a${i}-${Math.random()}@x.test`, ip, now)).toBe(0);
    expect(await signInRetryAfter(`late-${Math.random()}@x.test`, ip, now)).toBeGreaterThan(0);
  });
});
