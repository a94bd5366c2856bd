import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, parseTrustedProxies } from "@/lib/core/client-ip";
import { stampClientIp } from "./node-edge";

// The client IP as server.ts writes it for everything behind it, over a real socket on loopback.

let server: Server | null = null;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = null;
});

async function seenIp(trustedProxies: string | undefined, headers: Record<string, string>): Promise<string> {
  const proxies = parseTrustedProxies(trustedProxies);
  server = createServer((req, res) => {
    stampClientIp(req, proxies);
    res.end(String(req.headers[CLIENT_IP_HEADER] ?? "(none)"));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { headers });
  return res.text();
}

describe("the client IP server.ts stamps", () => {
  it("is the socket's address without TRUSTED_PROXIES, whatever the client claims", async () => {
    expect(await seenIp(undefined, { "x-forwarded-for": "203.0.113.50", [CLIENT_IP_HEADER]: "198.51.100.1", "x-real-ip": "192.0.2.1" })).toBe("127.0.0.1");
  });

  it("follows X-Forwarded-For from a trusted proxy, and only the hops it appended", async () => {
    expect(await seenIp("127.0.0.1/32", { "x-forwarded-for": "203.0.113.50" })).toBe("203.0.113.50");
    // the client forged the leftmost entry; the proxy appended the address it really saw
    expect(await seenIp("127.0.0.1", { "x-forwarded-for": "10.0.0.1, 203.0.113.50" })).toBe("203.0.113.50");
  });

  it("ignores X-Forwarded-For when the peer is not in TRUSTED_PROXIES", async () => {
    expect(await seenIp("10.0.0.0/8", { "x-forwarded-for": "203.0.113.50" })).toBe("127.0.0.1");
  });
});
