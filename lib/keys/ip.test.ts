import { describe, expect, it } from "vitest";
import { inRanges, normalizeCidr, parseIp, parseRange, type IpRange } from "./ip";

const ranges = (...entries: string[]): IpRange[] => entries.map((e) => {
  const r = parseRange(e);
  if (!r) throw new Error(`bad range in test: ${e}`);
  return r;
});
const allowed = (ip: string, ...entries: string[]) => inRanges(parseIp(ip)!, ranges(...entries));

describe("parseIp", () => {
  it("reads IPv4 and IPv6 addresses", () => {
    expect(parseIp("10.1.2.3")?.toString()).toBe("10.1.2.3");
    expect(parseIp(" 10.1.2.3 ")?.toString()).toBe("10.1.2.3");
    expect(parseIp("2001:DB8::1")?.toString()).toBe("2001:db8::1");
    expect(parseIp("2001:db8::1")?.kind()).toBe("ipv6");
  });

  it("reads an IPv4-mapped IPv6 address as the IPv4 address", () => {
    for (const mapped of ["::ffff:10.1.2.3", "::FFFF:10.1.2.3", "::ffff:a01:203", "0:0:0:0:0:ffff:10.1.2.3"]) {
      const ip = parseIp(mapped);
      expect(ip?.kind(), mapped).toBe("ipv4");
      expect(ip?.toString(), mapped).toBe("10.1.2.3");
    }
  });

  it("refuses what is not one address", () => {
    for (const bad of ["", "localhost", "10.1.2", "10.1.2.3.4", "256.1.1.1", "10.0.0.0/8", "2001:db8::g", "1.2.3.4 5.6.7.8"]) {
      expect(parseIp(bad), bad).toBeNull();
    }
  });

  it("refuses IPv4 forms that read differently in other tools (octal, hex, short)", () => {
    // "010.1.2.3" is 8.1.2.3 to inet_aton but 10.1.2.3 to a person: refuse rather than guess
    for (const ambiguous of ["010.1.2.3", "0x0a.1.2.3", "1.2.3", "167838211"]) {
      expect(parseIp(ambiguous), ambiguous).toBeNull();
    }
  });
});

describe("parseRange and inRanges", () => {
  it("matches IPv4 addresses against IPv4 CIDRs, bounds included", () => {
    expect(allowed("10.0.0.0", "10.0.0.0/8")).toBe(true);
    expect(allowed("10.255.255.255", "10.0.0.0/8")).toBe(true);
    expect(allowed("11.0.0.0", "10.0.0.0/8")).toBe(false);
    expect(allowed("9.255.255.255", "10.0.0.0/8")).toBe(false);
    expect(allowed("192.168.1.7", "10.0.0.0/8", "192.168.1.0/24")).toBe(true);
    expect(allowed("192.168.2.7", "10.0.0.0/8", "192.168.1.0/24")).toBe(false);
  });

  it("reads a single address as a /32 or /128", () => {
    expect(parseRange("203.0.113.9")).toMatchObject({ kind: "ipv4", bits: 32 });
    expect(parseRange("2001:db8::9")).toMatchObject({ kind: "ipv6", bits: 128 });
    expect(allowed("203.0.113.9", "203.0.113.9")).toBe(true);
    expect(allowed("203.0.113.10", "203.0.113.9")).toBe(false);
  });

  it("matches IPv6 addresses against IPv6 CIDRs", () => {
    expect(allowed("2001:db8:1234::1", "2001:db8::/32")).toBe(true);
    expect(allowed("2001:db9::1", "2001:db8::/32")).toBe(false);
    expect(allowed("2001:db8::1", "2001:db8::1")).toBe(true);
  });

  it("never matches an IPv4 address against an IPv6 range or the reverse", () => {
    expect(allowed("10.1.2.3", "2001:db8::/32")).toBe(false);
    expect(allowed("2001:db8::1", "0.0.0.0/0")).toBe(false);
  });

  it("matches an IPv4-mapped caller (::ffff:10.1.2.3) against an IPv4 CIDR", () => {
    expect(allowed("::ffff:10.1.2.3", "10.0.0.0/8")).toBe(true);
    expect(allowed("::ffff:11.1.2.3", "10.0.0.0/8")).toBe(false);
  });

  it("reads an IPv4-mapped CIDR as the IPv4 range it covers", () => {
    expect(parseRange("::ffff:10.0.0.0/104")).toMatchObject({ kind: "ipv4", bits: 8 });
    expect(allowed("10.1.2.3", "::ffff:10.0.0.0/104")).toBe(true);
    expect(allowed("::ffff:10.1.2.3", "::ffff:10.0.0.0/104")).toBe(true);
    expect(allowed("11.1.2.3", "::ffff:10.0.0.0/104")).toBe(false);
    expect(allowed("10.1.2.3", "::ffff:10.1.2.3")).toBe(true);
  });

  it("refuses what is not a CIDR", () => {
    for (const bad of ["", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "/8", "10.0.0.0/-1", "10.0.0.0/8/8", "any", "010.0.0.0/8"]) {
      expect(parseRange(bad), bad).toBeNull();
    }
  });

  it("answers false for an empty list of ranges", () => {
    expect(inRanges(parseIp("10.1.2.3")!, [])).toBe(false);
  });
});

describe("normalizeCidr", () => {
  it.each([
    ["10.0.0.0/8", "10.0.0.0/8"],
    ["10.1.2.3/8", "10.0.0.0/8"],
    [" 192.168.1.77/24 ", "192.168.1.0/24"],
    ["203.0.113.9", "203.0.113.9/32"],
    ["2001:DB8:0:0::/32", "2001:db8::/32"],
    ["2001:db8::1", "2001:db8::1/128"],
    ["::ffff:10.0.0.0/104", "10.0.0.0/8"],
    ["::ffff:10.1.2.3", "10.1.2.3/32"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeCidr(input)).toBe(expected);
  });

  it("answers null for a bad entry", () => {
    expect(normalizeCidr("10.0.0.0/33")).toBeNull();
    expect(normalizeCidr("not-an-ip")).toBeNull();
  });
});
