import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSecret } from "@/lib/keys/format";
import { serveHotPath } from "@/lib/server/hot-path";
import { createOrg, createTestProject, type OrgFixture } from "../factories";
import { createTeamKey, PLATFORM, verifyThroughRoute } from "../key-factories";

// The custom server's fast path (lib/server/hot-path.ts) answers POST /api/v1/keys/verify
// before Next.js with the same handler as the route: same statuses, same bodies.

let server: Server;
let base: string;
let fx: OrgFixture;
let projectId: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (!serveHotPath(req, res)) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not the hot path");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fx = await createOrg();
  projectId = (await createTestProject(fx)).id;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function send(body: string, headers: Record<string, string> = { ...PLATFORM, "content-type": "application/json" }, path = "/api/v1/keys/verify") {
  const res = await fetch(base + path, { method: "POST", headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
}

describe("the hot path", () => {
  it("answers a valid key exactly as the route handler does", async () => {
    const { secret } = await createTeamKey(fx, projectId, { allowedModels: ["openai/*"] });
    const body = { key: secret, model: "openai/gpt-4o", route: "/v1/chat/completions", ip: "::ffff:10.1.2.3" };
    const fast = await send(JSON.stringify(body));
    expect(fast.status).toBe(200);
    expect(fast.headers.get("content-type")).toMatch(/^application\/json/);
    expect(Number(fast.headers.get("content-length"))).toBe(Buffer.byteLength(fast.text));
    expect(fast.body).toEqual((await verifyThroughRoute(body)).body);
    expect(fast.body).toMatchObject({ valid: true, code: "VALID" });
  });

  it("answers refusals and unknown keys as the route handler does", async () => {
    const { secret } = await createTeamKey(fx, projectId, { ipAllowlist: ["10.0.0.0/8"] });
    for (const body of [{ key: secret, ip: "192.168.0.1" }, { key: generateSecret("team") }, { key: "nonsense" }]) {
      const fast = await send(JSON.stringify(body));
      expect(fast.status).toBe(200);
      expect(fast.body).toEqual((await verifyThroughRoute(body)).body);
    }
  });

  it("keeps the envelope: 401, 415, 400 and 413, with the request id", async () => {
    const json = { "content-type": "application/json" };
    const unauthorized = await send('{"key":"x"}', { ...json, authorization: "Bearer wrong", "x-request-id": "req-hot-1" });
    expect([unauthorized.status, unauthorized.body.error.code, unauthorized.body.error.requestId]).toEqual([401, "UNAUTHORIZED", "req-hot-1"]);
    expect(unauthorized.headers.get("x-request-id")).toBe("req-hot-1");

    expect((await send('{"key":"x"}', { ...PLATFORM, "content-type": "text/plain" })).status).toBe(415);
    const unknown = await send('{"key":"x","colour":"red"}');
    expect([unknown.status, unknown.body.error.details]).toEqual([400, [{ path: "colour", message: expect.any(String) }]]);
    expect((await send("{oops")).status).toBe(400);

    const large = await send(JSON.stringify({ key: "x".repeat(1024 * 1024 + 10) }));
    expect([large.status, large.body.error.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
  });

  it("serves the path with a query string and leaves every other request to Next.js", async () => {
    expect((await send(JSON.stringify({ key: "x" }), undefined, "/api/v1/keys/verify?trace=1")).body.code).toBe("NOT_FOUND");
    expect((await send("{}", undefined, "/api/v1/keys/verify/extra")).status).toBe(404);
    expect((await send("{}", undefined, "/api/v1/projects")).status).toBe(404);
    const get = await fetch(`${base}/api/v1/keys/verify`, { headers: PLATFORM });
    expect(get.status).toBe(404);
  });
});
