import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveHotPath } from "@/lib/server/hot-path";
import { createOrg, createTestProject } from "../factories";
import { createTeamKey, PLATFORM } from "../key-factories";
import { postUsage, usageEvent, usageTotals } from "../usage-factories";

// The custom server answers POST /api/v1/usage before Next.js with the route's own handler;
// GET /api/v1/usage (the Admin API) is left to Next.js.
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (!serveHotPath(req, res)) res.writeHead(404).end("not the hot path");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const post = async (body: unknown, headers: Record<string, string> = PLATFORM) => {
  const res = await fetch(`${base}/api/v1/usage`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};

describe("POST /usage on the hot path", () => {
  it("stores usage and answers exactly as the route handler does", async () => {
    const fx = await createOrg();
    const key = (await createTeamKey(fx, (await createTestProject(fx)).id)).key.id;
    const events = [usageEvent(key), usageEvent(key), usageEvent("key_unknown")];
    const fast = await post({ events });
    expect(fast).toEqual({ status: 200, body: { accepted: 2, duplicates: 0, rejected: [expect.objectContaining({ index: 2, code: "UNKNOWN_KEY" })] } });
    const slow = await postUsage(events);
    expect(slow.body).toEqual({ ...fast.body, accepted: 0, duplicates: 2 });
    expect((await usageTotals(fx.org.id)).events).toBe(2);
  });

  it("keeps the envelope for bad calls, and leaves GET to Next.js", async () => {
    expect((await post({ events: [] }, { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await post({ events: [] })).body.error.code).toBe("INVALID_REQUEST");
    expect((await fetch(`${base}/api/v1/usage?bucket=day`, { headers: PLATFORM })).status).toBe(404);
  });
});
