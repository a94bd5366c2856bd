import { describe, expect, it } from "vitest";
import { magicLinkRetryAfter, ssoStartRetryAfter } from "./sign-in-limit";

describe("sign-in rate limit", () => {
  it("allows five links a minute per address, then says how long to wait", async () => {
    const email = `limit-${Math.random()}@example.test`;
    const now = Date.UTC(2026, 0, 1, 12, 0, 10);
    for (let i = 0; i < 5; i++) expect(await magicLinkRetryAfter(email, null, now)).toBe(0);
    expect(await magicLinkRetryAfter(email, null, now)).toBe(50);
    expect(await magicLinkRetryAfter(email, null, now + 50_000)).toBe(0);
  });

  it("limits one client IP across addresses", async () => {
    const ip = `10.9.${Math.floor(Math.random() * 255)}.1`;
    const now = Date.UTC(2026, 0, 1, 12, 5, 0);
    for (let i = 0; i < 30; i++) expect(await magicLinkRetryAfter(`a${i}-${Math.random()}@x.test`, ip, now)).toBe(0);
    expect(await magicLinkRetryAfter(`late-${Math.random()}@x.test`, ip, now)).toBeGreaterThan(0);
  });

  it("counts an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 one", async () => {
    const net = `2001:db8:${Math.floor(Math.random() * 65535).toString(16)}:7`;
    const now = Date.UTC(2026, 0, 1, 12, 6, 0);
    for (let i = 0; i < 30; i++) expect(await ssoStartRetryAfter(`${net}::${(i + 1).toString(16)}`, now)).toBe(0);
    expect(await ssoStartRetryAfter(`${net}:ffff:ffff:ffff:ffff`, now)).toBeGreaterThan(0);
    expect(await ssoStartRetryAfter(`${net.replace(/:7$/, ":8")}::1`, now)).toBe(0);

    const v4 = `10.8.${Math.floor(Math.random() * 255)}.1`;
    for (let i = 0; i < 30; i++) expect(await ssoStartRetryAfter(i % 2 ? v4 : `::ffff:${v4}`, now)).toBe(0);
    expect(await ssoStartRetryAfter(`::ffff:${v4}`, now)).toBeGreaterThan(0);
  });

  it("treats an address however it is written as one address", async () => {
    const email = `Case-${Math.random()}@Example.TEST`;
    const now = Date.UTC(2026, 0, 1, 12, 7, 0);
    for (let i = 0; i < 5; i++) expect(await magicLinkRetryAfter(i % 2 ? email : ` ${email.toLowerCase()} `, null, now)).toBe(0);
    expect(await magicLinkRetryAfter(email.toUpperCase(), null, now)).toBeGreaterThan(0);
  });
});
