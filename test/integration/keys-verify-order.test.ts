import { beforeAll, describe, expect, it } from "vitest";
import { revokeKey } from "@/lib/keys/service";
import { verifyKey } from "@/lib/keys/verify";
import { archiveProject, restoreProject } from "@/lib/projects/service";
import { createOrg, createTestProject, type OrgFixture } from "../factories";
import { awayFromMinuteEdge, createTeamKey, inTransaction, verifyThroughRoute } from "../key-factories";

// The order of the checks of POST /keys/verify (spec/api.md): the first failure is the code,
// and only a request that passes everything else counts against the rate limit.

const good = { ip: "10.1.2.3", route: "/v1/chat/completions", model: "openai/gpt-4o-mini" };
const bad = { ip: "192.168.0.1", route: "/v1/images/generations", model: "openai/gpt-4o" };
const restrictions = { ipAllowlist: ["10.0.0.0/8"], allowedRoutes: ["/v1/chat/completions"], allowedModels: ["openai/gpt-4o-mini"] };

let fx: OrgFixture;
beforeAll(async () => {
  fx = await createOrg();
});

describe("the order of the checks", () => {
  it("answers the first failing check, peeling them off one by one", async () => {
    const p = await createTestProject(fx);
    const now = Date.now();
    const expiresAt = new Date(now + 3600_000);
    const input = { ...restrictions, expiresAt: expiresAt.toISOString(), rateLimitPerMinute: 1 };
    const a = await createTeamKey(fx, p.id, input);
    const b = await createTeamKey(fx, p.id, input);

    // B spends its one request of this minute
    expect((await verifyKey({ key: b.secret, ...good }, now)).code).toBe("VALID");
    expect((await verifyKey({ key: b.secret, ...good }, now)).code).toBe("RATE_LIMITED");

    await inTransaction(fx, (tx, ctx) => revokeKey(tx, ctx, a.key.id));
    await inTransaction(fx, (tx, ctx) => archiveProject(tx, ctx, p.id));
    const at = async (secret: string, over: Partial<typeof good>, when = now) => (await verifyKey({ key: secret, ...bad, ...over }, when)).code;

    // A: revoked, expired, archived, and refused for IP, route and model
    expect(await at(a.secret, {}, expiresAt.getTime())).toBe("REVOKED");
    expect(await at(a.secret, {})).toBe("REVOKED");
    // B fails everything but revocation
    expect(await at(b.secret, {}, expiresAt.getTime())).toBe("EXPIRED");
    expect(await at(b.secret, {})).toBe("PROJECT_ARCHIVED");
    await inTransaction(fx, (tx, ctx) => restoreProject(tx, ctx, p.id));
    expect(await at(b.secret, {})).toBe("IP_NOT_ALLOWED");
    expect(await at(b.secret, { ip: good.ip })).toBe("ROUTE_NOT_ALLOWED");
    expect(await at(b.secret, { ip: good.ip, route: good.route })).toBe("MODEL_NOT_ALLOWED");
    expect(await at(b.secret, good)).toBe("RATE_LIMITED");
  });

  it("answers REVOKED to a key that is both revoked and refused for its IP", async () => {
    const p = await createTestProject(fx);
    const { key, secret } = await createTeamKey(fx, p.id, { ipAllowlist: ["10.0.0.0/8"] });
    await inTransaction(fx, (tx, ctx) => revokeKey(tx, ctx, key.id));
    expect((await verifyThroughRoute({ key: secret, ip: "192.168.0.1" })).body.code).toBe("REVOKED");
  });

  it("answers MODEL_NOT_ALLOWED rather than RATE_LIMITED once the limit is reached", async () => {
    const p = await createTestProject(fx);
    const { secret } = await createTeamKey(fx, p.id, { allowedModels: ["openai/*"], rateLimitPerMinute: 1 });
    const now = Date.now();
    expect((await verifyKey({ key: secret, model: "openai/gpt-4o" }, now)).code).toBe("VALID");
    expect((await verifyKey({ key: secret, model: "openai/gpt-4o" }, now)).code).toBe("RATE_LIMITED");
    expect((await verifyKey({ key: secret, model: "anthropic/claude-opus-4" }, now)).code).toBe("MODEL_NOT_ALLOWED");
  });
});

describe("RATE_LIMITED", () => {
  it("answers N VALID then RATE_LIMITED with the key's ids, counting down remaining", async () => {
    const p = await createTestProject(fx);
    const { key, secret } = await createTeamKey(fx, p.id, { rateLimitPerMinute: 3 });
    await awayFromMinuteEdge();
    for (let i = 1; i <= 3; i++) {
      const res = await verifyThroughRoute({ key: secret });
      expect(res.body, `request ${i}`).toMatchObject({ valid: true, ratelimit: { limit: 3, remaining: 3 - i } });
    }
    const refused = await verifyThroughRoute({ key: secret });
    expect(refused.status).toBe(200);
    expect(refused.body).toEqual({
      valid: false,
      code: "RATE_LIMITED",
      message: expect.stringContaining("3 requests per minute"),
      keyId: key.id,
      organizationId: fx.org.id,
      projectId: p.id,
      environment: "development",
      ratelimit: { limit: 3, remaining: 0, resetAt: expect.stringMatching(/:00\.000Z$/) },
    });
  });

  it("counts only requests that pass every other check", async () => {
    const p = await createTestProject(fx);
    const { secret } = await createTeamKey(fx, p.id, { ...restrictions, rateLimitPerMinute: 2 });
    const now = Date.now();
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      codes.push((await verifyKey({ key: secret, ...good, model: bad.model }, now)).code);
      codes.push((await verifyKey({ key: secret, ...good, ip: bad.ip }, now)).code);
      codes.push((await verifyKey({ key: secret, ...good, route: bad.route }, now)).code);
    }
    expect(new Set(codes)).toEqual(new Set(["MODEL_NOT_ALLOWED", "IP_NOT_ALLOWED", "ROUTE_NOT_ALLOWED"]));

    const first = await verifyKey({ key: secret, ...good }, now);
    expect(first).toMatchObject({ valid: true, ratelimit: { limit: 2, remaining: 1 } });
    expect(await verifyKey({ key: secret, ...good }, now)).toMatchObject({ valid: true, ratelimit: { remaining: 0 } });
    // refused requests, rate-limited ones included, never count: the next minute starts full
    for (let i = 0; i < 5; i++) expect((await verifyKey({ key: secret, ...good }, now)).code).toBe("RATE_LIMITED");
    const next = now - (now % 60_000) + 60_000;
    expect(await verifyKey({ key: secret, ...good }, next)).toMatchObject({ valid: true, ratelimit: { remaining: 1 } });
  });

  it("keeps one counter per key", async () => {
    const p = await createTestProject(fx);
    const a = await createTeamKey(fx, p.id, { rateLimitPerMinute: 1 });
    const b = await createTeamKey(fx, p.id, { rateLimitPerMinute: 1 });
    const now = Date.now();
    expect((await verifyKey({ key: a.secret }, now)).code).toBe("VALID");
    expect((await verifyKey({ key: a.secret }, now)).code).toBe("RATE_LIMITED");
    expect((await verifyKey({ key: b.secret }, now)).code).toBe("VALID");
  });
});
