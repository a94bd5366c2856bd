import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalDns, type LocalDns } from "../dns/dns-server";
import { apiRequest, asKey, asSession, call, createSession, type HeaderMap } from "../factories";
import { ADMIN_ROUTES, PLATFORM_CASES, PLATFORM_ROUTES, ROUTE_CASES, routeKey } from "../routes";
import { securitySuite } from "../security-suite";
import { createWorld, type World } from "../world";

// The shared security suite, run for every Admin API route that exists. Callers the matrix
// allows get past authorization, so a domain verification looks its TXT record up: at a
// local DNS server that knows none (never the network).
let dns: LocalDns;
const savedServers = process.env.DNS_SERVERS;
beforeAll(async () => {
  dns = await startLocalDns();
  process.env.DNS_SERVERS = dns.servers;
});
afterAll(async () => {
  process.env.DNS_SERVERS = savedServers;
  await dns.close();
});

describe("the security suite", () => {
  it("has a case for every Admin API route, and none for a route that does not exist", () => {
    expect(Object.keys(ROUTE_CASES).sort()).toEqual(ADMIN_ROUTES.map(routeKey).sort());
  });

  it("has a case for every platform route", () => {
    expect(Object.keys(PLATFORM_CASES).sort()).toEqual(PLATFORM_ROUTES.map(routeKey).sort());
  });
});

for (const spec of ADMIN_ROUTES) {
  securitySuite(spec, ROUTE_CASES[routeKey(spec)]);
}

// Platform routes take only a platform token (PLATFORM_TOKENS, set in vitest.config.ts).
describe.each(PLATFORM_ROUTES.map((s) => [routeKey(s), s] as const))("%s security", (key, spec) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld();
  });
  const send = (headers: HeaderMap) =>
    call(PLATFORM_CASES[key]!.handler, apiRequest(spec.method, spec.path, { headers, body: PLATFORM_CASES[key]!.body }));

  it("answers 401 to anything but a platform token", async () => {
    const callers: HeaderMap[] = [
      {},
      { authorization: "Bearer wrong-platform-token" },
      asKey(w.keys.owner),
      asSession(await createSession(w.owner)),
    ];
    for (const headers of callers) {
      const res = await send(headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.body.error.code).toBe("UNAUTHORIZED");
    }
  });

  it("accepts each configured platform token", async () => {
    for (const token of ["test-platform-token-1", "test-platform-token-2"]) {
      expect((await send({ authorization: `Bearer ${token}` })).status).toBe(200);
    }
  });
});
