import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as verifyRoute } from "@/app/api/v1/keys/verify/route";
import { getDb } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { generateSecret } from "@/lib/keys/format";
import { revokeKey } from "@/lib/keys/service";
import { updateOrganizationModels } from "@/lib/models/service";
import { archiveProject } from "@/lib/projects/service";
import { apiRequest, call, createOrg, createTestAdminKey, createTestProject, type HeaderMap, type OrgFixture } from "../factories";
import { createTeamKey, inTransaction, PLATFORM, verifyThroughRoute, withBadChecksum } from "../key-factories";

// POST /keys/verify: the answer for every code (spec/api.md), through the route handler.

let fx: OrgFixture;
let projectId: string;
beforeAll(async () => {
  fx = await createOrg();
  projectId = (await createTestProject(fx)).id;
});

/** The ids a refusal carries once the key was identified. */
const refusal = (code: string, key: { id: string }, p = projectId, org = () => fx.org.id) => ({
  valid: false,
  code,
  message: expect.any(String),
  keyId: key.id,
  organizationId: org(),
  projectId: p,
  environment: expect.any(String),
});

describe("the platform route envelope", () => {
  it("answers 401 with the error envelope without a platform token or with a wrong one", async () => {
    const { secret } = await createTestAdminKey(fx, "owner");
    const callers: HeaderMap[] = [{}, { authorization: "Bearer nope" }, { authorization: `Bearer ${secret}` }, { authorization: "Basic dGVzdC1wbGF0Zm9ybS10b2tlbi0x" }];
    for (const headers of callers) {
      const res = await verifyThroughRoute({ key: "anyint_sk_x" }, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.body).toEqual({ error: { code: "UNAUTHORIZED", message: expect.any(String), requestId: expect.any(String) } });
    }
  });

  it("answers 415 to a body that is not declared JSON", async () => {
    const req = apiRequest("POST", "/keys/verify", { headers: { ...PLATFORM, "content-type": "text/plain" }, body: '{"key":"x"}' });
    const res = await call(verifyRoute, req);
    expect([res.status, res.body.error.code]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
  });

  it("answers 413 to a body over 1 MiB", async () => {
    const res = await verifyThroughRoute({ key: "x".repeat(1024 * 1024) });
    expect([res.status, res.body.error.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const res = await verifyThroughRoute("{not json");
    expect([res.status, res.body.error.code]).toEqual([400, "INVALID_REQUEST"]);
  });

  it("answers 400 naming an unknown field, a missing key and a bad ip", async () => {
    const paths = async (body: unknown) => {
      const res = await verifyThroughRoute(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("INVALID_REQUEST");
      return res.body.error.details.map((d: { path: string }) => d.path);
    };
    expect(await paths({ key: "anyint_sk_x", tenant: "me" })).toEqual(["tenant"]);
    expect(await paths({ model: "openai/gpt-4o" })).toEqual(["key"]);
    expect(await paths({ key: "anyint_sk_x", ip: "not-an-ip" })).toEqual(["ip"]);
    expect(await paths({ key: "anyint_sk_x", ip: "10.1.2" })).toEqual(["ip"]);
    expect(await paths({ key: "anyint_sk_x", model: "" })).toEqual(["model"]);
  });

  it("answers 200 {valid:false, code:NOT_FOUND} to a well-formed request with an unknown key", async () => {
    const res = await verifyThroughRoute({ key: generateSecret("team"), model: "openai/gpt-4o", route: "/v1/chat/completions", ip: "10.1.2.3" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ valid: false, code: "NOT_FOUND", message: expect.any(String) });
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });
});

describe("VALID", () => {
  it("answers exactly the fields of spec/api.md for an unrestricted key", async () => {
    const { key, secret } = await createTeamKey(fx, projectId);
    const res = await verifyThroughRoute({ key: secret });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      valid: true,
      code: "VALID",
      keyId: key.id,
      organizationId: fx.org.id,
      projectId,
      environment: "development",
      owner: { type: "user", id: fx.owner.id },
      allowedModels: null,
      ratelimit: null,
      expiresAt: null,
    });
  });

  it("answers the effective models, the rate limit window and the expiry of a restricted key", async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const { key, secret } = await createTeamKey(fx, projectId, {
      environment: "production",
      allowedModels: ["anthropic/*"],
      rateLimitPerMinute: 10,
      expiresAt,
    });
    const res = await verifyThroughRoute({ key: secret, model: "anthropic/claude-opus-4" });
    expect(res.body).toMatchObject({ valid: true, code: "VALID", keyId: key.id, environment: "production", expiresAt });
    expect(res.body.allowedModels.sort()).toEqual(["anthropic/claude-3-5-haiku", "anthropic/claude-opus-4", "anthropic/claude-sonnet-4"]);
    expect(res.body.ratelimit).toEqual({ limit: 10, remaining: 9, resetAt: expect.stringMatching(/T\d\d:\d\d:00\.000Z$/) });
    const reset = Date.parse(res.body.ratelimit.resetAt);
    expect(reset).toBeGreaterThan(Date.now() - 1000);
    expect(reset).toBeLessThanOrEqual(Date.now() + 60_000);
  });
});

describe("NOT_FOUND", () => {
  it("answers an unknown secret, a bad checksum, an admin key and malformed strings without ids", async () => {
    const { secret } = await createTeamKey(fx, projectId);
    const admin = await createTestAdminKey(fx, "owner");
    const keys = [
      generateSecret("team"),
      withBadChecksum(secret),
      admin.secret,
      secret.replace("anyint_sk_", "anyint_admin_"),
      "",
      "anyint_sk_",
      "not a key at all",
      secret + "x",
      secret.slice(0, -1),
      ` ${secret}`,
      secret.toUpperCase(),
    ];
    for (const key of keys) {
      const res = await verifyThroughRoute({ key });
      expect(res.status, key).toBe(200);
      expect(res.body, key).toEqual({ valid: false, code: "NOT_FOUND", message: expect.stringContaining("not known") });
    }
  });
});

describe("refusals of an identified key carry its ids and a message", () => {
  it("REVOKED", async () => {
    const { key, secret } = await createTeamKey(fx, projectId);
    await inTransaction(fx, (tx, ctx) => revokeKey(tx, ctx, key.id));
    const res = await verifyThroughRoute({ key: secret });
    expect(res.body).toEqual(refusal("REVOKED", key));
    expect(res.body.message).toMatch(/revoked/);
  });

  it("EXPIRED for a key past its expiry", async () => {
    const { key, secret } = await createTeamKey(fx, projectId, { expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    const db = await getDb();
    await db.update(apiKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiKeys.id, key.id));
    const res = await verifyThroughRoute({ key: secret });
    expect(res.body).toEqual(refusal("EXPIRED", key));
    expect(res.body.message).toMatch(/expired/);
  });

  it("PROJECT_ARCHIVED", async () => {
    const p = await createTestProject(fx);
    const { key, secret } = await createTeamKey(fx, p.id);
    await inTransaction(fx, (tx, ctx) => archiveProject(tx, ctx, p.id));
    expect((await verifyThroughRoute({ key: secret })).body).toEqual(refusal("PROJECT_ARCHIVED", key, p.id));
  });

  it("IP_NOT_ALLOWED for IPv4, IPv6 and IPv4-mapped callers outside the allowlist", async () => {
    const { key, secret } = await createTeamKey(fx, projectId, { ipAllowlist: ["10.0.0.0/8", "2001:db8::/32"] });
    for (const ip of ["10.1.2.3", "2001:db8:5::1", "::ffff:10.1.2.3"]) {
      expect((await verifyThroughRoute({ key: secret, ip })).body, ip).toMatchObject({ valid: true, code: "VALID" });
    }
    for (const ip of ["192.168.0.1", "2001:db9::1", "::ffff:192.168.0.1", undefined]) {
      const res = await verifyThroughRoute({ key: secret, ip });
      expect(res.body, String(ip)).toEqual(refusal("IP_NOT_ALLOWED", key));
    }
  });

  it("IP_NOT_ALLOWED against an IPv4-mapped CIDR entry", async () => {
    const { key, secret } = await createTeamKey(fx, projectId, { ipAllowlist: ["::ffff:10.0.0.0/104"] });
    expect(key.ipAllowlist).toEqual(["10.0.0.0/8"]);
    expect((await verifyThroughRoute({ key: secret, ip: "::ffff:10.9.9.9" })).body.code).toBe("VALID");
    expect((await verifyThroughRoute({ key: secret, ip: "10.9.9.9" })).body.code).toBe("VALID");
    expect((await verifyThroughRoute({ key: secret, ip: "::ffff:11.9.9.9" })).body).toEqual(refusal("IP_NOT_ALLOWED", key));
  });

  it("ROUTE_NOT_ALLOWED", async () => {
    const { key, secret } = await createTeamKey(fx, projectId, { allowedRoutes: ["/v1/chat/*", "/v1/embeddings"] });
    for (const route of ["/v1/chat/completions", "/v1/embeddings/", "/v1/embeddings?x=1"]) {
      expect((await verifyThroughRoute({ key: secret, route })).body.code, route).toBe("VALID");
    }
    for (const route of ["/v1/images/generations", "/v1/chat/../images/generations", undefined]) {
      expect((await verifyThroughRoute({ key: secret, route })).body, String(route)).toEqual(refusal("ROUTE_NOT_ALLOWED", key));
    }
  });
});

describe("MODEL_NOT_ALLOWED", () => {
  it("names the key, project and organization levels, and refuses models outside the catalog", async () => {
    const org = await createOrg();
    await inTransaction(org, (tx, ctx) => updateOrganizationModels(tx, ctx, ["openai/*", "anthropic/*"]));
    const p = await createTestProject(org, { allowedModels: ["openai/*", "anthropic/claude-sonnet*"] });
    const { key, secret } = await createTeamKey(org, p.id, { allowedModels: ["openai/gpt-4o*"] });
    const answer = async (model: string) => (await verifyThroughRoute({ key: secret, model })).body;

    expect(await answer("openai/gpt-4o-mini")).toMatchObject({ valid: true, allowedModels: ["openai/gpt-4o", "openai/gpt-4o-mini"] });
    const expected = refusal("MODEL_NOT_ALLOWED", key, p.id, () => org.org.id);
    const cases: [string, RegExp][] = [
      ["google/gemini-2.5-pro", /organization/],
      ["anthropic/claude-opus-4", /project/],
      ["openai/gpt-4.1", /key/],
      ["openai/gpt-9", /not a model of the catalog/],
    ];
    for (const [model, why] of cases) {
      const body = await answer(model);
      expect(body, model).toEqual(expected);
      expect(body.message, model).toMatch(why);
    }
  });
});
