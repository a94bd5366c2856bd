import ipaddr from "ipaddr.js";

// The client IP of a request (docs/security.md, "Client addresses"). server.ts computes it once
// from the socket and writes it into CLIENT_IP_HEADER, after deleting whatever the client sent
// under that name, so everything behind it (sign-in limits, audit entries, sessions) reads one
// trustworthy value. X-Forwarded-For is believed only hop by hop from the proxies listed in
// TRUSTED_PROXIES: anyone else can write any address into it.

export const CLIENT_IP_HEADER = "x-anyint-client-ip";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Parses TRUSTED_PROXIES: CIDRs or plain addresses, comma-separated. Throws naming the bad entry. */
export function parseTrustedProxies(spec: string | undefined): Range[] {
  if (!spec) return [];
  return spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      try {
        if (entry.includes("/")) return ipaddr.parseCIDR(entry);
        const addr = ipaddr.parse(entry);
        return [addr, addr.kind() === "ipv4" ? 32 : 128] as Range;
      } catch {
        throw new Error(`"${entry}" is not an IP address or CIDR`);
      }
    });
}

/** An address in its plain form (IPv4-mapped IPv6 as IPv4), or null when it is not an IP. */
export function normalizeIp(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim().replace(/^\[(.*)\]$/, "$1");
  if (!ipaddr.isValid(v)) return null;
  const addr = ipaddr.parse(v);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) return (addr as ipaddr.IPv6).toIPv4Address().toString();
  return addr.toString();
}

function isTrusted(ip: string, trusted: Range[]): boolean {
  if (trusted.length === 0) return false;
  const addr = ipaddr.parse(ip);
  return trusted.some(([range, bits]) => range.kind() === addr.kind() && addr.match(range, bits));
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the
 * X-Forwarded-For entries are walked from the right (the nearest hop) while they are trusted
 * proxies too, and the first other address is the client. A malformed entry stops the walk
 * at the last address known to be good.
 */
export function resolveClientIp(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: Range[]): string | null {
  let client = normalizeIp(socketAddress);
  if (!client || !forwardedFor || !isTrusted(client, trusted)) return client;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(hops[i]);
    if (!hop) return client;
    client = hop;
    if (!isTrusted(hop, trusted)) return hop;
  }
  return client;
}
