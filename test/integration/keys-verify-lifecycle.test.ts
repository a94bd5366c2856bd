import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as revoke } from "@/app/api/v1/keys/[keyId]/revoke/route";
import { POST as rotate } from "@/app/api/v1/keys/[keyId]/rotate/route";
import { PATCH as patchKey } from "@/app/api/v1/keys/[keyId]/route";
import { POST as archive } from "@/app/api/v1/projects/[projectId]/archive/route";
import { POST as restore } from "@/app/api/v1/projects/[projectId]/restore/route";
import { PATCH as patchProject } from "@/app/api/v1/projects/[projectId]/route";
import { getDb } from "@/db/client";
import { apiKeySecrets } from "@/db/schema";
import { hashSecret } from "@/lib/keys/format";
import { verifyKey } from "@/lib/keys/verify";
import { updateOrganizationModels } from "@/lib/models/service";
import { apiRequest, asKey, call, createOrg, createTestAdminKey, createTestProject, type OrgFixture } from "../factories";
import { createTeamKey, inTransaction, verifyThroughRoute } from "../key-factories";

// Changes to a key, its project or its organization are seen by the very next verification
// on this node (the wrappers invalidate the cache after commit); rotation and expiry boundaries.

let fx: OrgFixture;
let admin: string;
beforeAll(async () => {
  fx = await createOrg();
  admin = (await createTestAdminKey(fx, "admin")).secret;
});

const post = (handler: typeof revoke, path: string, params: Record<string, string>, body?: unknown) =>
  call(handler, apiRequest("POST", path, { headers: asKey(admin), body }), params);
const rotateKey = (keyId: string, gracePeriodSeconds: number) => post(rotate, `/keys/${keyId}/rotate`, { keyId }, { gracePeriodSeconds });
const code = async (body: Record<string, unknown>) => (await verifyThroughRoute(body)).body.code;

/** When a rotated secret stops working, as stored. */
async function graceEnd(secret: string): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ expiresAt: apiKeySecrets.expiresAt }).from(apiKeySecrets).where(eq(apiKeySecrets.secretHash, hashSecret(secret)));
  return row!.expiresAt!.getTime();
}

describe("rotation", () => {
  it("keeps the key id, shows a new secret once, and accepts the old one until its grace period ends", async () => {
    const p = await createTestProject(fx);
    const { key, secret: old } = await createTeamKey(fx, p.id);
    expect(await code({ key: old })).toBe("VALID"); // cached

    const before = Date.now();
    const res = await rotateKey(key.id, 3600);
    expect(res.status).toBe(200);
    const { key: rotated, secret: fresh } = res.body;
    expect(rotated.id).toBe(key.id);
    expect(rotated.last4).toBe(fresh.slice(-4));
    expect(fresh).not.toBe(old);

    const end = await graceEnd(old);
    expect(end).toBeGreaterThanOrEqual(before + 3600_000);
    expect(end).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(await verifyKey({ key: old }, end - 1)).toMatchObject({ valid: true, keyId: key.id });
    expect(await verifyKey({ key: old }, end)).toMatchObject({ valid: false, code: "EXPIRED", keyId: key.id, message: expect.stringContaining("grace period") });
    expect(await verifyKey({ key: fresh }, end)).toMatchObject({ valid: true, keyId: key.id });
    expect((await verifyThroughRoute({ key: old })).body).toMatchObject({ valid: true, keyId: key.id });
    expect((await verifyThroughRoute({ key: fresh })).body).toMatchObject({ valid: true, keyId: key.id });
  });

  it("refuses the old secret at once with a grace period of 0", async () => {
    const p = await createTestProject(fx);
    const { key, secret: old } = await createTeamKey(fx, p.id);
    expect(await code({ key: old })).toBe("VALID");
    const { secret: fresh } = (await rotateKey(key.id, 0)).body;
    expect((await verifyThroughRoute({ key: old })).body).toMatchObject({ valid: false, code: "EXPIRED", keyId: key.id });
    expect((await verifyThroughRoute({ key: fresh })).body).toMatchObject({ valid: true, keyId: key.id });
  });

  it("ends every older secret's grace period with the next rotation's at the latest", async () => {
    const p = await createTestProject(fx);
    const { key, secret: first } = await createTeamKey(fx, p.id);
    const { secret: second } = (await rotateKey(key.id, 7 * 86_400)).body;
    expect(await code({ key: first })).toBe("VALID");
    const { secret: third } = (await rotateKey(key.id, 0)).body;
    expect([await code({ key: first }), await code({ key: second }), await code({ key: third })]).toEqual(["EXPIRED", "EXPIRED", "VALID"]);
  });

  it("answers 400 to a grace period outside 0..604800 seconds", async () => {
    const p = await createTestProject(fx);
    const { key, secret } = await createTeamKey(fx, p.id);
    for (const gracePeriodSeconds of [-1, 604_801, 1.5]) {
      const res = await rotateKey(key.id, gracePeriodSeconds);
      expect(res.status, String(gracePeriodSeconds)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(["gracePeriodSeconds"]);
    }
    expect((await verifyThroughRoute({ key: secret })).body.code).toBe("VALID");
  });
});

describe("expiry", () => {
  it("is VALID at expiresAt - 1 ms and EXPIRED from expiresAt on", async () => {
    const p = await createTestProject(fx);
    const expiresAt = Date.parse(new Date(Date.now() + 86_400_000).toISOString().slice(0, 19) + ".123Z");
    const { key, secret } = await createTeamKey(fx, p.id, { expiresAt: new Date(expiresAt).toISOString() });
    expect(await verifyKey({ key: secret }, expiresAt - 1)).toMatchObject({ valid: true, expiresAt: new Date(expiresAt).toISOString() });
    expect(await verifyKey({ key: secret }, expiresAt)).toMatchObject({ valid: false, code: "EXPIRED", keyId: key.id });
    expect(await verifyKey({ key: secret }, expiresAt + 1)).toMatchObject({ valid: false, code: "EXPIRED" });
  });
});

describe("changes seen by the very next verification", () => {
  it("revocation", async () => {
    const p = await createTestProject(fx);
    const { key, secret } = await createTeamKey(fx, p.id);
    expect(await code({ key: secret })).toBe("VALID");
    expect((await post(revoke, `/keys/${key.id}/revoke`, { keyId: key.id })).status).toBe(200);
    expect((await verifyThroughRoute({ key: secret })).body).toMatchObject({ valid: false, code: "REVOKED", keyId: key.id });
  });

  it("new restrictions, and their removal", async () => {
    const p = await createTestProject(fx);
    const { key, secret } = await createTeamKey(fx, p.id);
    const patch = (body: unknown) => call(patchKey, apiRequest("PATCH", `/keys/${key.id}`, { headers: asKey(admin), body }), { keyId: key.id });
    const request = { key: secret, ip: "192.168.0.1", route: "/v1/embeddings", model: "openai/gpt-4o" };
    expect(await code(request)).toBe("VALID");

    expect((await patch({ ipAllowlist: ["10.0.0.0/8"] })).status).toBe(200);
    expect(await code(request)).toBe("IP_NOT_ALLOWED");
    expect((await patch({ ipAllowlist: [], allowedRoutes: ["/v1/chat/*"] })).status).toBe(200);
    expect(await code(request)).toBe("ROUTE_NOT_ALLOWED");
    expect((await patch({ allowedRoutes: [], allowedModels: ["anthropic/*"] })).status).toBe(200);
    expect(await code(request)).toBe("MODEL_NOT_ALLOWED");
    expect((await patch({ allowedModels: [], expiresAt: new Date(Date.now() + 60_000).toISOString() })).status).toBe(200);
    expect((await verifyThroughRoute(request)).body).toMatchObject({ valid: true, expiresAt: expect.any(String) });
    expect((await patch({ rateLimitPerMinute: 1 })).status).toBe(200);
    expect((await verifyThroughRoute(request)).body.ratelimit).toMatchObject({ limit: 1 });
  });

  it("archiving and restoring the project", async () => {
    const p = await createTestProject(fx);
    const { secret } = await createTeamKey(fx, p.id);
    expect(await code({ key: secret })).toBe("VALID");
    expect((await post(archive, `/projects/${p.id}/archive`, { projectId: p.id })).status).toBe(200);
    expect(await code({ key: secret })).toBe("PROJECT_ARCHIVED");
    expect((await post(restore, `/projects/${p.id}/restore`, { projectId: p.id })).status).toBe(200);
    expect(await code({ key: secret })).toBe("VALID");
  });

  it("the project's model allowlist", async () => {
    const p = await createTestProject(fx);
    const { secret } = await createTeamKey(fx, p.id);
    const patch = (allowedModels: string[]) =>
      call(patchProject, apiRequest("PATCH", `/projects/${p.id}`, { headers: asKey(admin), body: { allowedModels } }), { projectId: p.id });
    const request = { key: secret, model: "anthropic/claude-opus-4" };
    expect(await code(request)).toBe("VALID");
    expect((await patch(["openai/*"])).status).toBe(200);
    const refused = (await verifyThroughRoute(request)).body;
    expect(refused).toMatchObject({ code: "MODEL_NOT_ALLOWED", message: expect.stringContaining("project") });
    expect((await verifyThroughRoute({ key: secret })).body.allowedModels).toEqual(expect.arrayContaining(["openai/gpt-4o"]));
    expect((await patch([])).status).toBe(200);
    expect((await verifyThroughRoute(request)).body).toMatchObject({ valid: true, allowedModels: null });
  });

  it("the organization's model allowlist", async () => {
    const org = await createOrg();
    const p = await createTestProject(org);
    const { secret } = await createTeamKey(org, p.id);
    const request = { key: secret, model: "google/gemini-2.5-pro" };
    expect(await code(request)).toBe("VALID");
    await inTransaction(org, (tx, ctx) => updateOrganizationModels(tx, ctx, ["openai/*"]));
    expect((await verifyThroughRoute(request)).body).toMatchObject({ code: "MODEL_NOT_ALLOWED", message: expect.stringContaining("organization") });
    await inTransaction(org, (tx, ctx) => updateOrganizationModels(tx, ctx, []));
    expect(await code(request)).toBe("VALID");
  });
});
