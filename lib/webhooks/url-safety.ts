import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";

// Where a webhook may go (spec/events.md): https only, never to loopback, private,
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

/**
 * Why an address may not receive webhooks, or null when it is a public unicast address.
 * IPv4-mapped IPv6 (::ffff:169.254.169.254) is judged as the IPv4 address it carries; every
 * other special range (6to4, Teredo, NAT64, documentation, benchmarking…) counts as reserved.
 */
export function blockedAddressReason(address: string): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.process(address.replace(/^\[|\]$/g, ""));
  } catch {
    return "an address that cannot be read";
  }
  const range = ip.range();
  if (range === "unicast") return null;
  return RANGE_NAMES[range] ?? "a reserved address";
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
