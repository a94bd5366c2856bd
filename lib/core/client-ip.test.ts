import { describe, expect, it } from "vitest";
import { normalizeIp, parseTrustedProxies, resolveClientIp } from "./client-ip";

const proxies = parseTrustedProxies("10.0.0.0/8, 192.168.1.5, ::1");

describe("client IP", () => {
  it("is the socket address when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(resolveClientIp("203.0.113.9", "1.2.3.4", [])).toBe("203.0.113.9");
    expect(resolveClientIp("127.0.0.1", "1.2.3.4", [])).toBe("127.0.0.1");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(resolveClientIp("203.0.113.9", "127.0.0.1", proxies)).toBe("203.0.113.9");
  });

  it("takes the nearest untrusted hop behind trusted proxies, not the client-written leftmost one", () => {
    // the client wrote 127.0.0.1 itself; the proxy appended the address it saw
    expect(resolveClientIp("10.1.1.1", "127.0.0.1, 198.51.100.7", proxies)).toBe("198.51.100.7");
    expect(resolveClientIp("10.1.1.1", "198.51.100.7, 10.2.2.2", proxies)).toBe("198.51.100.7");
    expect(resolveClientIp("::1", ["198.51.100.7", "192.168.1.5"], proxies)).toBe("198.51.100.7");
  });

  it("stops at a malformed hop and keeps the last good address", () => {
    expect(resolveClientIp("10.1.1.1", "not-an-ip", proxies)).toBe("10.1.1.1");
    expect(resolveClientIp("10.1.1.1", "<script>, 10.2.2.2", proxies)).toBe("10.2.2.2");
  });

  it("writes IPv4-mapped IPv6 as IPv4", () => {
    expect(normalizeIp("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(resolveClientIp("::ffff:10.0.0.1", "198.51.100.7", proxies)).toBe("198.51.100.7");
  });

  it("refuses a TRUSTED_PROXIES entry that is not an address", () => {
    expect(() => parseTrustedProxies("10.0.0.0/8, proxy.internal")).toThrow(/proxy\.internal/);
  });
});
