import { beforeAll, describe, expect, it } from "vitest";
import { GET as listModels } from "@/app/api/v1/models/route";
import { getDb } from "@/db/client";
import { explainAccess, type ExplainStep } from "@/lib/keys/explain";
import { revokeKey } from "@/lib/keys/service";
import { verifyKey } from "@/lib/keys/verify";
import { DEFAULT_MODELS } from "@/lib/models/catalog";
import { updateOrganizationModels } from "@/lib/models/service";
import { archiveProject } from "@/lib/projects/service";
import { apiRequest, asKey, call, createOrg, createTestAdminKey, createTestProject, type OrgFixture } from "../factories";
import { awayFromMinuteEdge, createTeamKey, inTransaction } from "../key-factories";

// GET /models, and the access explainer: every check of verification, in order, with the
// level that decided it.

describe("GET /models", () => {
  it("answers the catalog with prices, every model allowed when the organization lists none", async () => {
    const fx = await createOrg();
    const { secret } = await createTestAdminKey(fx, "finance"); // org.read: every role
    const res = await call(listModels, apiRequest("GET", "/models", { headers: asKey(secret) }));
    expect(res.status).toBe(200);
    const byId = new Map(res.body.data.map((m: { id: string }) => [m.id, m]));
    for (const m of DEFAULT_MODELS) {
      expect(byId.get(m.id), m.id).toEqual({ ...m, allowed: true });
    }
    expect(byId.get("openai/gpt-4o")).toMatchObject({ inputPriceMicros: 2_500_000, outputPriceMicros: 10_000_000 });
  });

  it("marks `allowed` by the organization's allowlist, ids and patterns alike", async () => {
    const fx = await createOrg();
    await inTransaction(fx, (tx, ctx) => updateOrganizationModels(tx, ctx, ["anthropic/*", "openai/gpt-4o"]));
    const { secret } = await createTestAdminKey(fx, "admin");
    const res = await call(listModels, apiRequest("GET", "/models", { headers: asKey(secret) }));
    const allowed = res.body.data.filter((m: { allowed: boolean }) => m.allowed).map((m: { id: string }) => m.id).sort();
    expect(allowed).toEqual(["anthropic/claude-3-5-haiku", "anthropic/claude-opus-4", "anthropic/claude-sonnet-4", "openai/gpt-4o"]);
    expect(res.body.data).toHaveLength(DEFAULT_MODELS.length);

    // another organization is not affected
    const other = await createOrg();
    const theirs = await call(listModels, apiRequest("GET", "/models", { headers: asKey((await createTestAdminKey(other, "admin")).secret) }));
    expect(theirs.body.data.every((m: { allowed: boolean }) => m.allowed)).toBe(true);
  });
});

describe("explainAccess", () => {
  let fx: OrgFixture;
  let projectId: string;
  beforeAll(async () => {
    fx = await createOrg();
    await inTransaction(fx, (tx, ctx) => updateOrganizationModels(tx, ctx, ["openai/*", "anthropic/*"]));
    projectId = (await createTestProject(fx, { allowedModels: ["openai/*"] })).id;
  });

  const explain = async (input: { keyId: string; model?: string; route?: string; ip?: string }, ctx = fx.ctx) =>
    explainAccess(await getDb(), ctx, input);
  const ORDER = ["NOT_FOUND", "REVOKED", "EXPIRED", "PROJECT_ARCHIVED", "IP_NOT_ALLOWED", "ROUTE_NOT_ALLOWED", "MODEL_NOT_ALLOWED", "BUDGET_EXCEEDED", "RATE_LIMITED"];
  const failed = (steps: ExplainStep[]) => steps.filter((s) => !s.passed).map((s) => [s.code, s.level]);

  it("lists every check in the order of verification, all passing for an allowed call", async () => {
    const { key } = await createTeamKey(fx, projectId, { ipAllowlist: ["10.0.0.0/8"], allowedRoutes: ["/v1/chat/*"], rateLimitPerMinute: 5 });
    const res = await explain({ keyId: key.id, model: "openai/gpt-4o", route: "/v1/chat/completions", ip: "10.1.2.3" });
    expect(res.steps.map((s) => s.code)).toEqual(ORDER);
    expect(res.steps.every((s) => s.passed && s.name.length > 0 && s.message.length > 0)).toBe(true);
    expect(res).toMatchObject({ outcome: "VALID", decidedBy: null });
  });

  it("shows every failing check, with the first failure as the outcome and its level", async () => {
    const { key } = await createTeamKey(fx, projectId, { ipAllowlist: ["10.0.0.0/8"], allowedRoutes: ["/v1/chat/*"], allowedModels: ["openai/gpt-4o-mini"] });
    const res = await explain({ keyId: key.id, model: "openai/gpt-4o", route: "/v1/embeddings", ip: "192.168.0.1" });
    expect(failed(res.steps)).toEqual([["IP_NOT_ALLOWED", "key"], ["ROUTE_NOT_ALLOWED", "key"], ["MODEL_NOT_ALLOWED", "key"]]);
    expect(res).toMatchObject({ outcome: "IP_NOT_ALLOWED", decidedBy: "key" });
  });

  it("names the organization, project and catalog levels for models", async () => {
    const { key } = await createTeamKey(fx, projectId);
    expect(await explain({ keyId: key.id, model: "google/gemini-2.5-pro" })).toMatchObject({ outcome: "MODEL_NOT_ALLOWED", decidedBy: "organization" });
    expect(await explain({ keyId: key.id, model: "anthropic/claude-opus-4" })).toMatchObject({ outcome: "MODEL_NOT_ALLOWED", decidedBy: "project" });
    expect(await explain({ keyId: key.id, model: "openai/gpt-9" })).toMatchObject({ outcome: "MODEL_NOT_ALLOWED", decidedBy: "catalog" });
  });

  it("answers like verification for revoked keys and archived projects, and agrees with it", async () => {
    const p = await createTestProject(fx);
    const a = await createTeamKey(fx, p.id);
    const b = await createTeamKey(fx, p.id);
    await inTransaction(fx, (tx, ctx) => revokeKey(tx, ctx, a.key.id));
    await inTransaction(fx, (tx, ctx) => archiveProject(tx, ctx, p.id));
    const revoked = await explain({ keyId: a.key.id });
    expect(revoked).toMatchObject({ outcome: "REVOKED", decidedBy: "key" });
    expect(failed(revoked.steps)).toEqual([["REVOKED", "key"], ["PROJECT_ARCHIVED", "project"]]);
    expect(await explain({ keyId: b.key.id })).toMatchObject({ outcome: "PROJECT_ARCHIVED", decidedBy: "project" });
    expect((await verifyKey({ key: a.secret })).code).toBe("REVOKED");
    expect((await verifyKey({ key: b.secret })).code).toBe("PROJECT_ARCHIVED");
  });

  it("reports the rate limit without counting against it", async () => {
    const { key, secret } = await createTeamKey(fx, projectId, { rateLimitPerMinute: 1 });
    await awayFromMinuteEdge();
    for (let i = 0; i < 3; i++) expect((await explain({ keyId: key.id })).outcome).toBe("VALID");
    expect((await verifyKey({ key: secret })).code).toBe("VALID");
    expect(await explain({ keyId: key.id })).toMatchObject({ outcome: "RATE_LIMITED", decidedBy: "key" });
  });

  it("answers NOT_FOUND for another organization's key", async () => {
    const other = await createOrg();
    const { key } = await createTeamKey(other, (await createTestProject(other)).id);
    await expect(explain({ keyId: key.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
