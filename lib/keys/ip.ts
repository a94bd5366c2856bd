import ipaddr from "ipaddr.js";

export type IpRange = { kind: "ipv4" | "ipv6"; addr: ipaddr.IPv4 | ipaddr.IPv6; bits: number };

/**
 * IPv4 only as four decimal parts (also inside IPv6, as in ::ffff:10.1.2.3): ipaddr.js also
 * reads "010.1.2.3" as octal (8.1.2.3), "0x0a.1.2.3" as hex and "10.1.2" as 10.1.0.2, which
 * people and other tools read differently. Such text is refused, never guessed.
 */
function strictAddress(text: string): string {
  const v4 = text.includes(":") ? (text.includes(".") ? text.slice(text.lastIndexOf(":") + 1) : null) : text;
  if (v4 !== null && !ipaddr.IPv4.isValidFourPartDecimal(v4)) throw new Error("IPv4 must be four decimal parts");
  return text;
}

/** An address as the check sees it: IPv4-mapped IPv6 (::ffff:1.2.3.4) becomes IPv4. */
export function parseIp(value: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    return ipaddr.process(strictAddress(value.trim()));
  } catch {
    return null;
  }
}

/** A CIDR (or a single address) as a range; IPv4-mapped IPv6 ranges become IPv4 ranges. */
export function parseRange(value: string): IpRange | null {
  const text = value.trim();
  try {
    if (!text.includes("/")) {
      const addr = ipaddr.process(strictAddress(text));
      return { kind: addr.kind(), addr, bits: addr.kind() === "ipv4" ? 32 : 128 };
    }
    strictAddress(text.slice(0, text.indexOf("/")));
    const [addr, bits] = ipaddr.parseCIDR(text);
    if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
      return { kind: "ipv4", addr: (addr as ipaddr.IPv6).toIPv4Address(), bits: bits - 96 };
    }
    return { kind: addr.kind(), addr, bits };
  } catch {
    return null;
  }
}

export function inRanges(ip: ipaddr.IPv4 | ipaddr.IPv6, ranges: readonly IpRange[]): boolean {
  const kind = ip.kind();
  for (const r of ranges) {
    if (r.kind === kind && ip.match(r.addr as never, r.bits)) return true;
  }
  return false;
}

/** The canonical text of a CIDR entry, for storage: "10.0.0.0/8", "2001:db8::/32". */
export function normalizeCidr(value: string): string | null {
  const r = parseRange(value);
  if (!r) return null;
  const network = r.kind === "ipv4"
    ? ipaddr.IPv4.networkAddressFromCIDR(`${r.addr.toString()}/${r.bits}`)
    : ipaddr.IPv6.networkAddressFromCIDR(`${r.addr.toString()}/${r.bits}`);
  return `${network.toString()}/${r.bits}`;
}
