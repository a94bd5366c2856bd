import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as revoke } from "@/app/api/v1/keys/[keyId]/revoke/route";
import { POST as rotate } from "@/app/api/v1/keys/[keyId]/rotate/route";
import { GET as getOne, PATCH } from "@/app/api/v1/keys/[keyId]/route";
import { GET as list, POST as create } from "@/app/api/v1/projects/[projectId]/keys/route";
import { getDb } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { isWellFormed } from "@/lib/keys/format";
import { createServiceAccount } from "@/lib/keys/service-accounts";
import { archiveProject } from "@/lib/projects/service";
import { apiRequest, asKey, auditRows, call, createOrg, createTestAdminKey, createTestProject, outboxRows, unique, type Json, type OrgFixture } from "../factories";
import { createTeamKey, inTransaction, keyState, verifyThroughRoute } from "../key-factories";

// The Admin API for team keys: create, list, read, change, rotate, revoke.

let fx: OrgFixture;
let admin: string;
let projectId: string;
beforeAll(async () => {
  fx = await createOrg();
  admin = (await createTestAdminKey(fx, "admin")).secret;
  projectId = (await createTestProject(fx, { allowedModels: ["openai/*", "anthropic/*"] })).id;
});

const createKey = (body: unknown, p = projectId, secret = admin) =>
  call(create, apiRequest("POST", `/projects/${p}/keys`, { headers: asKey(secret), body }), { projectId: p });
const listKeys = (query = "", p = projectId) => call(list, apiRequest("GET", `/projects/${p}/keys${query}`, { headers: asKey(admin) }), { projectId: p });
const getKey = (keyId: string, secret = admin) => call(getOne, apiRequest("GET", `/keys/${keyId}`, { headers: asKey(secret) }), { keyId });
const patchKey = (keyId: string, body: unknown, secret = admin) => call(PATCH, apiRequest("PATCH", `/keys/${keyId}`, { headers: asKey(secret), body }), { keyId });
const rotateKey = (keyId: string, body: unknown, secret = admin) => call(rotate, apiRequest("POST", `/keys/${keyId}/rotate`, { headers: asKey(secret), body }), { keyId });
const revokeKey = (keyId: string, secret = admin) => call(revoke, apiRequest("POST", `/keys/${keyId}/revoke`, { headers: asKey(secret) }), { keyId });
const ids = (res: { body: Json }) => res.body.data.map((k: { id: string }) => k.id);

/** A service account of the project: keys that admin keys create belong to one. */
const robot = (p = projectId) => inTransaction(fx, (tx, ctx) => createServiceAccount(tx, ctx, p, { name: unique("robot") }));

describe("POST /projects/{projectId}/keys", () => {
  it("answers 201 with the key and its secret, which appears nowhere else", async () => {
    const sa = await robot();
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const res = await createKey({
      name: "Checkout backend",
      environment: "production",
      serviceAccountId: sa.id,
      allowedModels: ["openai/gpt-4o*"],
      allowedRoutes: ["/v1/chat/completions"],
      ipAllowlist: ["10.1.2.3/8", "2001:db8::/32"],
      expiresAt,
      rateLimitPerMinute: 600,
    });
    expect(res.status).toBe(201);
    const { key, secret } = res.body;
    expect(isWellFormed(secret, "team")).toBe(true);
    expect(key).toMatchObject({
      id: expect.stringMatching(/^key_/),
      name: "Checkout backend",
      projectId,
      environment: "production",
      owner: { type: "service_account", id: sa.id, name: sa.name },
      start: "anyint_sk_",
      last4: secret.slice(-4),
      status: "active",
      allowedModels: ["openai/gpt-4o*"],
      effectiveModels: ["openai/gpt-4o", "openai/gpt-4o-mini"],
      allowedRoutes: ["/v1/chat/completions"],
      ipAllowlist: ["10.0.0.0/8", "2001:db8::/32"],
      expiresAt,
      rateLimitPerMinute: 600,
      revokedAt: null,
      lastUsedAt: null,
    });

    const read = await getKey(key.id);
    expect(read.body).toEqual(key);
    const listed = await listKeys("?limit=100");
    const audit = (await auditRows(fx.org.id)).filter((a) => a.targetId === key.id);
    const events = (await outboxRows(fx.org.id)).filter((e) => JSON.stringify(e.payload).includes(key.id));
    expect(audit.map((a) => a.action)).toEqual(["key.created"]);
    expect(events.map((e) => e.type)).toEqual(["key.created"]);
    const body = secret.slice("anyint_sk_".length, -6);
    for (const [what, value] of Object.entries({ key, read: read.body, listed: listed.body, audit, events })) {
      expect(JSON.stringify(value), what).not.toContain(secret);
      expect(JSON.stringify(value), what).not.toContain(body);
    }
    expect((await verifyThroughRoute({ key: secret, ip: "10.9.9.9", route: "/v1/chat/completions" })).body.keyId).toBe(key.id);
  });

  it("answers 400 naming each bad restriction, and writes nothing", async () => {
    const sa = await robot();
    const base = { name: "Bad", environment: "development", serviceAccountId: sa.id };
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ipAllowlist: ["10.0.0.0/8", "10.0.0.0/33"] }, ["ipAllowlist.1"]],
      [{ ipAllowlist: ["office"] }, ["ipAllowlist.0"]],
      [{ allowedRoutes: ["v1/chat"] }, ["allowedRoutes.0"]],
      [{ allowedRoutes: ["/v1/chat/*", "/v1/*/x y"] }, ["allowedRoutes.1"]],
      [{ rateLimitPerMinute: 0 }, ["rateLimitPerMinute"]],
      [{ rateLimitPerMinute: 1.5 }, ["rateLimitPerMinute"]],
      [{ expiresAt: new Date(Date.now() - 60_000).toISOString() }, ["expiresAt"]],
      [{ expiresAt: "tomorrow" }, ["expiresAt"]],
      [{ environment: "qa" }, ["environment"]],
      [{ environment: "Prod!" }, ["environment"]],
      [{ allowedModels: ["openai/gpt-4o", "mistral/*"] }, ["allowedModels.1"]],
      [{ allowedModels: ["google/gemini-2.5-pro"] }, ["allowedModels.0"]],
      [{ allowedModels: ["*"] }, ["allowedModels.0"]],
      [{ serviceAccountId: "sa_doesnotexist" }, ["serviceAccountId"]],
      [{ owner: "me" }, ["owner"]],
    ];
    const before = await keyState(fx.org.id);
    for (const [over, paths] of cases) {
      const res = await createKey({ ...base, ...over });
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(res.body.error.code).toBe("INVALID_REQUEST");
      expect(res.body.error.details.map((d: { path: string }) => d.path), JSON.stringify(over)).toEqual(paths);
    }
    expect(await keyState(fx.org.id)).toEqual(before);
  });

  it("requires a service account when an admin key creates the key", async () => {
    const before = await keyState(fx.org.id);
    const res = await createKey({ name: "Ownerless", environment: "development" });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: "serviceAccountId", message: expect.any(String) }]);
    expect(await keyState(fx.org.id)).toEqual(before);
  });

  it("refuses a service account of another project and keys in an archived project", async () => {
    const other = await createTestProject(fx);
    const foreignRobot = await robot(other.id);
    const res = await createKey({ name: "Cross", environment: "development", serviceAccountId: foreignRobot.id });
    expect(res.body.error.details).toEqual([{ path: "serviceAccountId", message: expect.any(String) }]);

    await inTransaction(fx, (tx, ctx) => archiveProject(tx, ctx, other.id));
    const archived = await createKey({ name: "Late", environment: "development", serviceAccountId: foreignRobot.id }, other.id);
    expect([archived.status, archived.body.error.code]).toEqual([409, "CONFLICT"]);
  });
});

describe("GET /projects/{projectId}/keys", () => {
  it("filters by environment and status and pages with a cursor", async () => {
    const p = await createTestProject(fx);
    const dev = [await createTeamKey(fx, p.id), await createTeamKey(fx, p.id), await createTeamKey(fx, p.id)];
    const prod = await createTeamKey(fx, p.id, { environment: "production" });
    const revoked = await createTeamKey(fx, p.id, { environment: "staging" });
    expect((await revokeKey(revoked.key.id)).status).toBe(200);
    const expired = await createTeamKey(fx, p.id, { expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await (await getDb()).update(apiKeys).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(apiKeys.id, expired.key.id));

    const sorted = (keys: { key: { id: string } }[]) => keys.map((k) => k.key.id).sort();
    expect(ids(await listKeys("?environment=development", p.id)).sort()).toEqual(sorted([...dev, expired]));
    expect(ids(await listKeys("?environment=production", p.id))).toEqual([prod.key.id]);
    expect(ids(await listKeys("?status=revoked", p.id))).toEqual([revoked.key.id]);
    expect(ids(await listKeys("?status=expired", p.id))).toEqual([expired.key.id]);
    expect(ids(await listKeys("?status=active", p.id)).sort()).toEqual(sorted([...dev, prod]));
    expect(ids(await listKeys("?status=active&environment=production", p.id))).toEqual([prod.key.id]);
    expect((await listKeys("?status=expired", p.id)).body.data[0].status).toBe("expired");

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: Json } = await listKeys(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, p.id);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...ids(res));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(sorted([...dev, prod, revoked, expired]));
  });

  it("answers 400 naming bad query parameters", async () => {
    for (const [query, path] of [["?limit=0", "query.limit"], ["?status=gone", "query.status"], ["?environment=Prod!", "query.environment"], ["?secret=1", "query.secret"]]) {
      const res = await listKeys(query);
      expect(res.status, query).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([path]);
    }
  });
});

describe("PATCH, rotate and revoke", () => {
  it("changes the name and restrictions with one audit entry and event, and refuses bad values", async () => {
    const { key } = await createTeamKey(fx, projectId);
    const res = await patchKey(key.id, { name: "Renamed", ipAllowlist: ["192.168.1.7/24"], rateLimitPerMinute: 5, allowedModels: ["anthropic/*"] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: key.id, name: "Renamed", ipAllowlist: ["192.168.1.0/24"], rateLimitPerMinute: 5, allowedModels: ["anthropic/*"] });
    expect((await getKey(key.id)).body).toEqual(res.body);
    const [entry] = (await auditRows(fx.org.id)).filter((a) => a.targetId === key.id && a.action === "key.updated");
    expect(entry!.changes).toMatchObject({ name: { from: key.name, to: "Renamed" }, rateLimitPerMinute: { from: null, to: 5 } });
    expect((await outboxRows(fx.org.id)).filter((e) => e.type === "key.updated" && JSON.stringify(e.payload).includes(key.id))).toHaveLength(1);

    const before = await keyState(fx.org.id);
    for (const [body, path] of [[{ ipAllowlist: ["300.0.0.0/8"] }, "ipAllowlist.0"], [{ rateLimitPerMinute: 0 }, "rateLimitPerMinute"], [{ allowedModels: ["google/*"] }, "allowedModels.0"], [{ environment: "production" }, "environment"]] as const) {
      const bad = await patchKey(key.id, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual([path]);
    }
    expect(await keyState(fx.org.id)).toEqual(before);
  });

  it("rotates: same id, new last4, the old secret working during the grace period, no secret recorded", async () => {
    const { key, secret } = await createTeamKey(fx, projectId);
    const res = await rotateKey(key.id, { gracePeriodSeconds: 600 });
    expect(res.status).toBe(200);
    expect(res.body.key).toMatchObject({ id: key.id, last4: res.body.secret.slice(-4), status: "active" });
    expect(res.body.secret).not.toBe(secret);
    expect((await verifyThroughRoute({ key: secret })).body).toMatchObject({ valid: true, keyId: key.id });
    const audit = (await auditRows(fx.org.id)).filter((a) => a.targetId === key.id && a.action === "key.rotated");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({ last4: { from: key.last4, to: res.body.key.last4 }, previousSecretValidUntil: expect.any(String) });
    const text = JSON.stringify([await auditRows(fx.org.id), await outboxRows(fx.org.id)]);
    expect(text).not.toContain(res.body.secret);
    expect(text).not.toContain(secret);
  });

  it("revokes once: a second revoke answers 409, and a revoked key cannot be changed or rotated", async () => {
    const { key, secret } = await createTeamKey(fx, projectId);
    const res = await revokeKey(key.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: key.id, status: "revoked", revokedAt: expect.any(String) });
    const before = await keyState(fx.org.id);
    expect([(await revokeKey(key.id)).status, (await patchKey(key.id, { name: "Zombie" })).status, (await rotateKey(key.id, { gracePeriodSeconds: 0 })).status]).toEqual([409, 409, 409]);
    expect(await keyState(fx.org.id)).toEqual(before);
    expect((await verifyThroughRoute({ key: secret })).body.code).toBe("REVOKED");
  });

  it("answers 404 to another organization's key id, exactly like an unknown id", async () => {
    const other = await createOrg();
    const { key, secret } = await createTeamKey(other, (await createTestProject(other)).id);
    const answers = [await getKey(key.id), await patchKey(key.id, { name: "Mine" }), await rotateKey(key.id, { gracePeriodSeconds: 0 }), await revokeKey(key.id)];
    for (const res of answers) expect([res.status, res.body.error.code]).toEqual([404, "NOT_FOUND"]);
    expect((await getKey("key_doesnotexist")).body.error.message).toBe(answers[0]!.body.error.message);
    expect((await verifyThroughRoute({ key: secret })).body.code).toBe("VALID");
  });
});
