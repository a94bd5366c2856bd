import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";

// Where a webhook may go (docs/architecture.md (Webhooks and notifications)): https only, never to loopback, private,
// link-local (cloud metadata), multicast, reserved or unspecified addresses, however they are
// written. The WHATWG URL parser already turns numeric hosts (0x7f000001, 2130706433, 127.1,
// 0177.0.0.1) into dotted IPv4, so every IP host is checked in one canonical form; named
// hosts are checked when the delivery resolves them (lib/webhooks/http.ts).

export type UrlCheck = { ok: true; url: URL; allowlisted: boolean } | { ok: false; reason: string };

/** WEBHOOK_ALLOWED_HOSTS as lower-case entries: `host` or `host:port`. */
export function allowedHosts(): string[] {
  return (env().WEBHOOK_ALLOWED_HOSTS ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

const defaultPort = (url: URL) => url.port || (url.protocol === "https:" ? "443" : "80");

/** True when the URL's host (or host:port) is listed in WEBHOOK_ALLOWED_HOSTS. */
export function isAllowlisted(url: URL, allowed: readonly string[] = allowedHosts()): boolean {
  const host = url.hostname.toLowerCase();
  return allowed.includes(host) || allowed.includes(`${host}:${defaultPort(url)}`);
}

const RANGE_NAMES: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private address",
  uniqueLocal: "a private address",
  carrierGradeNat: "a private address",
  linkLocal: "a link-local address (such as cloud metadata)",
  multicast: "a multicast address",
  broadcast: "a broadcast address",
  unspecified: "an unspecified address",
};

/** IPv4 from 32 bits of an IPv6 address, `hi` and `lo` being two of its 16-bit parts. */
const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);

/** The IPv4 addresses an IPv6 address carries (RFC 4291, 6052, 6145, 8215, 3056, 4380). */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4[] {
  const p = ip.parts;
  switch (ip.range()) {
    case "rfc6145": // ::ffff:0:a.b.c.d, IPv4-translated
    case "rfc6052": // 64:ff9b::a.b.c.d NAT64, and the local-use 64:ff9b:1::/48
      return [v4(p[6]!, p[7]!)];
    case "6to4": // 2002:aabb:ccdd::
      return [v4(p[1]!, p[2]!)];
    case "teredo": // 2001:0:server:server:flags:port:~client:~client
      return [v4(p[2]!, p[3]!), v4(~p[6]! & 0xffff, ~p[7]! & 0xffff)];
    default: // ::a.b.c.d, IPv4-compatible (deprecated); :: and ::1 are judged as themselves
      return p.slice(0, 6).every((x) => x === 0) && ip.range() === "unicast" ? [v4(p[6]!, p[7]!)] : [];
  }
}

/** NAT64's well-known prefix: DNS64 answers it for IPv4-only hosts, so a public IPv4 inside is fine. */
const NAT64 = ipaddr.IPv6.parse("64:ff9b::");

/** IPv6 global unicast (2000::/3): every other IPv6 block is special or unassigned. */
const GLOBAL_UNICAST = ipaddr.IPv6.parse("2000::");

function v4Reason(ip: ipaddr.IPv4): string | null {
  const range = ip.range();
  return range === "unicast" ? null : (RANGE_NAMES[range] ?? "a reserved address");
}

/**
 * Why an address may not receive webhooks, or null when it is a public unicast address.
 * An IPv6 address carrying an IPv4 address (::ffff:169.254.169.254, ::127.0.0.1,
 * 64:ff9b::10.0.0.1, 6to4, Teredo…) is judged by the IPv4 address inside; of these only
 * IPv4-mapped and NAT64 well-known addresses carrying a public one are allowed, the rest count as
 * reserved, and so does every IPv6 address outside 2000::/3.
 */
export function blockedAddressReason(address: string): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.process(address.replace(/^\[|\]$/g, ""));
  } catch {
    return "an address that cannot be read";
  }
  if (ip.kind() === "ipv4") return v4Reason(ip as ipaddr.IPv4);
  const v6 = ip as ipaddr.IPv6;
  const inside = embeddedIPv4(v6);
  const blocked = inside.map(v4Reason).find(Boolean);
  if (blocked) return blocked;
  if (inside.length > 0) return v6.match(NAT64, 96) ? null : "a reserved address";
  const range = v6.range();
  if (range !== "unicast") return RANGE_NAMES[range] ?? "a reserved address";
  return v6.match(GLOBAL_UNICAST, 3) ? null : "a reserved address";
}

/** The host as an IP address when it is one (`[::1]` included), else null. */
function ipHost(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, "");
  return ipaddr.isValid(bare) ? bare : null;
}

/**
 * The save-time and delivery-time check of an endpoint URL. Hosts in WEBHOOK_ALLOWED_HOSTS
 * may use plain http and skip the address checks.
 */
export function checkEndpointUrl(raw: string, allowed: readonly string[] = allowedHosts()): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "is not a valid URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "must use https" };
  if (url.username || url.password) return { ok: false, reason: "must not contain a user name or password" };
  const allowlisted = isAllowlisted(url, allowed);
  if (url.protocol === "http:" && !allowlisted) {
    return { ok: false, reason: "must use https (plain http only for hosts in WEBHOOK_ALLOWED_HOSTS)" };
  }
  if (allowlisted) return { ok: true, url, allowlisted };
  const ip = ipHost(url.hostname);
  const name = url.hostname.toLowerCase().replace(/\.$/, "");
  const reason = ip ? blockedAddressReason(ip) : name === "localhost" || name.endsWith(".localhost") ? RANGE_NAMES.loopback! : null;
  if (reason) return { ok: false, reason: `points to ${reason}` };
  return { ok: true, url, allowlisted };
}
