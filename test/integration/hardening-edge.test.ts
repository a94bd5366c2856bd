import { beforeAll, describe, expect, it } from "vitest";
import * as keyRevoke from "@/app/api/v1/keys/[keyId]/revoke/route";
import * as projectRoute from "@/app/api/v1/projects/[projectId]/route";
import * as projects from "@/app/api/v1/projects/route";
import { apiRequest, asKey, call, createOrg, createSession, createTestAdminKey, createTestProject, orgState, type OrgFixture } from "../factories";
import { createTeamKey, verifyThroughRoute } from "../key-factories";

// The Admin API's edge as an attacker meets it: cross-site requests riding a console cookie,
// bodies that are not JSON, text PostgreSQL cannot store, and cookies that are not cookies.

let fx: OrgFixture;
let cookie: string;
let adminKey: string;
let projectId: string;

beforeAll(async () => {
  fx = await createOrg();
  cookie = await createSession(fx.owner);
  adminKey = (await createTestAdminKey(fx, "owner")).secret;
  projectId = (await createTestProject(fx)).id;
});

async function liveKey() {
  const { key, secret } = await createTeamKey(fx, projectId);
  return { keyId: key.id, stillValid: async () => (await verifyThroughRoute({ key: secret, model: "openai/gpt-4o" })).body.valid as boolean };
}

function revoke(keyId: string, headers: Record<string, string>, body?: string) {
  return call(keyRevoke.POST, new Request(`http://localhost/api/v1/keys/${keyId}/revoke`, { method: "POST", headers, body }), { keyId });
}

describe("CSRF on cookie-authenticated calls", () => {
  it("refuses the review's attack: a cookie, a foreign Origin and text/plain do not revoke a key", async () => {
    const { keyId, stillValid } = await liveKey();
    const before = await orgState(fx.org.id);
    const res = await revoke(keyId, { cookie, origin: "https://evil.example", "content-type": "text/plain" }, "{}");
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
    expect(await orgState(fx.org.id)).toEqual(before);
    expect(await stillValid()).toBe(true);
  });

  it.each([
    ["Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site same-site (a sibling subdomain)", { "sec-fetch-site": "same-site" }],
    ["a foreign Origin with same-origin fetch metadata", { origin: "http://localhost.evil.example", "sec-fetch-site": "same-origin" }],
    ["neither header on a write", {}],
  ])("refuses %s", async (_, headers) => {
    const { keyId, stillValid } = await liveKey();
    const res = await revoke(keyId, { cookie, "content-type": "application/json", ...headers });
    expect(res.status).toBe(403);
    expect(await stillValid()).toBe(true);
  });

  it("lets the console's own pages through, and cookie reads without fetch metadata", async () => {
    const { keyId, stillValid } = await liveKey();
    const same = { cookie, origin: "http://localhost", "sec-fetch-site": "same-origin", "content-type": "application/json" };
    expect((await revoke(keyId, same)).status).toBe(200);
    expect(await stillValid()).toBe(false);
    expect((await call(projects.GET, apiRequest("GET", "/projects", { headers: { cookie } }))).status).toBe(200);
  });

  it("does not apply to admin keys, which a browser never sends on its own", async () => {
    const { keyId } = await liveKey();
    expect((await revoke(keyId, { ...asKey(adminKey), origin: "https://evil.example" })).status).toBe(200);
  });
});

describe("write routes take JSON only", () => {
  it("refuses a text/plain or form body on a write without a declared body, writing nothing", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const { keyId, stillValid } = await liveKey();
      const res = await revoke(keyId, { ...asKey(adminKey), "content-type": type }, "a=b");
      expect(res.status, type).toBe(415);
      expect(res.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
      expect(await stillValid()).toBe(true);
    }
  });

  it("accepts no body, an empty JSON object, and refuses fields an operation does not take", async () => {
    const a = await liveKey();
    expect((await revoke(a.keyId, asKey(adminKey))).status).toBe(200);
    const b = await liveKey();
    expect((await revoke(b.keyId, { ...asKey(adminKey), "content-type": "application/json" }, "{}")).status).toBe(200);
    const c = await liveKey();
    const res = await revoke(c.keyId, { ...asKey(adminKey), "content-type": "application/json" }, '{"reason":"x"}');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: "(body)", message: "must be empty" }]);
    expect(await c.stillValid()).toBe(true);
  });

  it("refuses a JSON look-alike content type", async () => {
    const res = await call(projects.POST, apiRequest("POST", "/projects", { headers: { ...asKey(adminKey), "content-type": "application/jsonp" }, body: '{"name":"x"}' }));
    expect(res.status).toBe(415);
  });
});

describe("text PostgreSQL cannot store", () => {
  it.each([
    ["a NUL in a body field", '{"name":"Support\\u0000Bot"}', "name"],
    ["an unpaired high surrogate", '{"name":"Bot \\ud800"}', "name"],
    ["an unpaired low surrogate", '{"name":"\\udc00 Bot"}', "name"],
    ["a NUL in an unknown field's name", '{"name":"Bot","x\\u0000":1}', "(key)"],
  ])("answers 400 naming the field for %s, writing nothing", async (_, body, path) => {
    const before = await orgState(fx.org.id);
    const res = await call(projects.POST, apiRequest("POST", "/projects", { headers: asKey(adminKey), body }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path })]);
    expect(await orgState(fx.org.id)).toEqual(before);
  });

  it("answers 400 for NUL and surrogates in path and query parameters", async () => {
    const path = await call(projectRoute.GET, apiRequest("GET", `/projects/x`, { headers: asKey(adminKey) }), { projectId: "prj_\u0000" });
    expect(path.status).toBe(400);
    expect(path.body.error.details[0].path).toBe("projectId");
    const query = await call(projects.GET, apiRequest("GET", "/projects?cursor=%00", { headers: asKey(adminKey) }));
    expect(query.status).toBe(400);
    expect(query.body.error.details[0].path).toBe("query.cursor");
    const paired = await call(projects.POST, apiRequest("POST", "/projects", { headers: asKey(adminKey), body: { name: `Bot 🤖 ${Date.now()}` } }));
    expect(paired.status).toBe(201);
  });
});

describe("malformed cookies", () => {
  it("treat a session cookie with bad percent-encoding as no session (401), never a 500", async () => {
    for (const bad of ["authjs.session-token=%E0%A4%A", "authjs.session-token=%", "__Secure-authjs.session-token=%zz; authjs.session-token=%"]) {
      const res = await call(projects.GET, apiRequest("GET", "/projects", { headers: { cookie: bad } }));
      expect(res.status, bad).toBe(401);
    }
  });
});

describe("admin-key guessing", () => {
  it("refuses a client after 30 failed admin keys in a minute, before any lookup, and only that client", async () => {
    const ip = { "x-anyint-client-ip": `203.0.113.${Math.floor(Math.random() * 250)}` }; // as server.ts writes it
    const guess = "Bearer anyint_admin_" + "x".repeat(38);
    const left = 60_000 - (Date.now() % 60_000); // the window is a UTC minute: keep the 31 calls inside one
    if (left < 15_000) await new Promise((r) => setTimeout(r, left + 50));
    for (let i = 0; i < 30; i++) {
      const res = await call(projects.GET, apiRequest("GET", "/projects", { headers: { authorization: guess, ...ip } }));
      expect(res.status).toBe(401);
    }
    const limited = await call(projects.GET, apiRequest("GET", "/projects", { headers: { ...asKey(adminKey), ...ip } }));
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    expect(limited.headers.get("retry-after")).toBeTruthy();
    const elsewhere = await call(projects.GET, apiRequest("GET", "/projects", { headers: { ...asKey(adminKey), "x-anyint-client-ip": "198.51.100.200" } }));
    expect(elsewhere.status).toBe(200);
  }, 45_000);
});
