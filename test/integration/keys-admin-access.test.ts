import { describe, expect, it } from "vitest";
import { POST as revoke } from "@/app/api/v1/keys/[keyId]/revoke/route";
import { PATCH } from "@/app/api/v1/keys/[keyId]/route";
import { GET as listKeys, POST as create } from "@/app/api/v1/projects/[projectId]/keys/route";
import { GET as listAccounts, POST as createAccount } from "@/app/api/v1/projects/[projectId]/service-accounts/route";
import type { User } from "@/db/schema";
import type { ProjectRole } from "@/lib/rbac";
import {
  addMember,
  addProjectMember,
  apiRequest,
  asKey,
  asSession,
  auditRows,
  call,
  createOrg,
  createSession,
  createTestAdminKey,
  createTestProject,
  outboxRows,
  userContext,
  type HeaderMap,
} from "../factories";
import { createTeamKey, keyState, setKeyPolicy } from "../key-factories";

// Who may create and revoke which team keys: project roles, ownership, the key policy, and
// service accounts. Each test makes its own organization (policies are per organization).

type Member = { user: User; headers: HeaderMap };

async function setup() {
  const fx = await createOrg();
  const project = await createTestProject(fx);
  const owner = asSession(await createSession(fx.owner));
  const member = async (role: ProjectRole): Promise<Member> => {
    const user = await addMember(fx.org.id, "member");
    await addProjectMember(project.id, user, role);
    return { user, headers: asSession(await createSession(user)) };
  };
  const developer = await member("developer");
  const projectAdmin = await member("project_admin");
  const viewer = await member("viewer");
  const createKey = (headers: HeaderMap, body: Record<string, unknown>) =>
    call(create, apiRequest("POST", `/projects/${project.id}/keys`, { headers, body: { name: "A key", ...body } }), { projectId: project.id });
  const revokeKey = (headers: HeaderMap, keyId: string) =>
    call(revoke, apiRequest("POST", `/keys/${keyId}/revoke`, { headers }), { keyId });
  const patchKey = (headers: HeaderMap, keyId: string, body: unknown) =>
    call(PATCH, apiRequest("PATCH", `/keys/${keyId}`, { headers, body }), { keyId });
  /** A context acting as a member, for the key factory. */
  const as = (m: Member, role: ProjectRole) => userContext(m.user, fx.org.id, "member", new Map([[project.id, role]]));
  return { fx, project, owner, developer, projectAdmin, viewer, createKey, revokeKey, patchKey, as };
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe("key policy at creation", () => {
  it("requires an expiry when the policy says so", async () => {
    const s = await setup();
    await setKeyPolicy(s.fx.org.id, { requireExpiry: true });
    const before = await keyState(s.fx.org.id);
    const res = await s.createKey(s.owner, { environment: "development" });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: "expiresAt", message: expect.stringContaining("key policy") }]);
    expect(await keyState(s.fx.org.id)).toEqual(before);
    expect((await s.createKey(s.owner, { environment: "development", expiresAt: inDays(30) })).status).toBe(201);
  });

  it("limits the lifetime to maxLifetimeDays", async () => {
    const s = await setup();
    await setKeyPolicy(s.fx.org.id, { maxLifetimeDays: 30 });
    for (const body of [{ expiresAt: inDays(31) }, {}]) {
      const res = await s.createKey(s.owner, { environment: "development", ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(["expiresAt"]);
    }
    expect((await s.createKey(s.owner, { environment: "development", expiresAt: inDays(29) })).status).toBe(201);
  });

  it("keeps the lifetime limit when an expiry is changed later", async () => {
    const s = await setup();
    await setKeyPolicy(s.fx.org.id, { maxLifetimeDays: 30 });
    const { key } = (await s.createKey(s.owner, { environment: "development", expiresAt: inDays(10) })).body;
    const before = await keyState(s.fx.org.id);
    for (const expiresAt of [inDays(365), null]) {
      const res = await s.patchKey(s.owner, key.id, { expiresAt });
      expect(res.status, String(expiresAt)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(["expiresAt"]);
    }
    expect(await keyState(s.fx.org.id)).toEqual(before);
    expect((await s.patchKey(s.owner, key.id, { expiresAt: inDays(20) })).status).toBe(200);
    // a change that leaves the expiry alone is not held to a policy set after the key was made
    await setKeyPolicy(s.fx.org.id, { maxLifetimeDays: 1 });
    expect((await s.patchKey(s.owner, key.id, { name: "Renamed" })).status).toBe(200);
  });

  it("requires an IP allowlist for production keys only", async () => {
    const s = await setup();
    await setKeyPolicy(s.fx.org.id, { requireIpAllowlistForProduction: true });
    const refused = await s.createKey(s.owner, { environment: "production" });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: "ipAllowlist", message: expect.any(String) }]);
    expect((await s.createKey(s.owner, { environment: "production", ipAllowlist: ["10.0.0.0/8"] })).status).toBe(201);
    expect((await s.createKey(s.owner, { environment: "staging" })).status).toBe(201);
  });

  it("names every broken rule at once", async () => {
    const s = await setup();
    await setKeyPolicy(s.fx.org.id, { requireExpiry: true, requireIpAllowlistForProduction: true });
    const res = await s.createKey(s.owner, { environment: "production" });
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["expiresAt", "ipAllowlist"]);
  });

  it("lets only the listed project roles create production keys; owners always may", async () => {
    const s = await setup();
    await setKeyPolicy(s.fx.org.id, { productionKeyRoles: ["project_admin"] });
    const before = await keyState(s.fx.org.id);
    const refused = await s.createKey(s.developer.headers, { environment: "production" });
    expect([refused.status, refused.body.error.code]).toEqual([403, "FORBIDDEN"]);
    expect(await keyState(s.fx.org.id)).toEqual(before);

    expect((await s.createKey(s.developer.headers, { environment: "development" })).status).toBe(201);
    expect((await s.createKey(s.projectAdmin.headers, { environment: "production" })).status).toBe(201);
    expect((await s.createKey(s.owner, { environment: "production" })).status).toBe(201);
  });

  it("lets developers create production keys by default", async () => {
    const s = await setup();
    const res = await s.createKey(s.developer.headers, { environment: "production" });
    expect(res.status).toBe(201);
    expect(res.body.key.owner).toMatchObject({ type: "user", id: s.developer.user.id });
  });
});

describe("project roles and ownership", () => {
  it("lets a developer create only keys they own", async () => {
    const s = await setup();
    const sa = await call(createAccount, apiRequest("POST", `/projects/${s.project.id}/service-accounts`, { headers: s.owner, body: { name: "ci" } }), { projectId: s.project.id });
    expect(sa.status).toBe(201);
    const before = await keyState(s.fx.org.id);
    const refused = await s.createKey(s.developer.headers, { environment: "development", serviceAccountId: sa.body.id });
    expect([refused.status, refused.body.error.code]).toEqual([403, "FORBIDDEN"]);
    expect(await keyState(s.fx.org.id)).toEqual(before);
    expect((await s.createKey(s.projectAdmin.headers, { environment: "development", serviceAccountId: sa.body.id })).status).toBe(201);
  });

  it("lets a developer revoke their own keys only", async () => {
    const s = await setup();
    const own = await createTeamKey(s.fx, s.project.id, {}, s.as(s.developer, "developer"));
    const ownersKey = await createTeamKey(s.fx, s.project.id);
    const before = await keyState(s.fx.org.id);
    expect((await s.revokeKey(s.developer.headers, ownersKey.key.id)).status).toBe(403);
    expect(await keyState(s.fx.org.id)).toEqual(before);
    expect((await s.revokeKey(s.developer.headers, own.key.id)).status).toBe(200);
    expect((await s.revokeKey(s.projectAdmin.headers, ownersKey.key.id)).status).toBe(200);
  });

  it("lets a viewer read keys but not create or revoke them", async () => {
    const s = await setup();
    const { key } = await createTeamKey(s.fx, s.project.id);
    const before = await keyState(s.fx.org.id);
    expect((await s.createKey(s.viewer.headers, { environment: "development" })).status).toBe(403);
    expect((await s.revokeKey(s.viewer.headers, key.id)).status).toBe(403);
    expect(await keyState(s.fx.org.id)).toEqual(before);
    const listed = await call(listKeys, apiRequest("GET", `/projects/${s.project.id}/keys`, { headers: s.viewer.headers }), { projectId: s.project.id });
    expect(listed.body.data.map((k: { id: string }) => k.id)).toEqual([key.id]);
  });

  it("hides keys of projects the member has no role in", async () => {
    const s = await setup();
    const other = await createTestProject(s.fx);
    const res = await call(listKeys, apiRequest("GET", `/projects/${other.id}/keys`, { headers: s.developer.headers }), { projectId: other.id });
    expect(res.status).toBe(403);
  });
});

describe("service accounts", () => {
  it("creates, lists and owns keys; names are unique per project", async () => {
    const s = await setup();
    const { secret: admin } = await createTestAdminKey(s.fx, "admin");
    const post = (name: string) =>
      call(createAccount, apiRequest("POST", `/projects/${s.project.id}/service-accounts`, { headers: asKey(admin), body: { name } }), { projectId: s.project.id });
    const created = await post("billing-worker");
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^sa_/), projectId: s.project.id, name: "billing-worker", createdAt: expect.any(String) });
    const dup = await post("billing-worker");
    expect([dup.status, dup.body.error.details]).toEqual([409, [{ path: "name", message: expect.any(String) }]]);
    expect((await post("")).status).toBe(400);

    const listed = await call(listAccounts, apiRequest("GET", `/projects/${s.project.id}/service-accounts`, { headers: asKey(admin) }), { projectId: s.project.id });
    expect(listed.body).toEqual({ data: [created.body], nextCursor: null });
    expect((await auditRows(s.fx.org.id)).filter((a) => a.action === "service_account.created").map((a) => a.targetId)).toEqual([created.body.id]);

    const key = await s.createKey(asKey(admin), { environment: "development", serviceAccountId: created.body.id });
    expect(key.status).toBe(201);
    expect(key.body.key.owner).toEqual({ type: "service_account", id: created.body.id, name: "billing-worker" });
  });
});

describe("audit entries and events", () => {
  it("are written with each successful change and never for a refused one", async () => {
    const s = await setup();
    const actionsFor = async (id: string) => [
      (await auditRows(s.fx.org.id)).filter((a) => a.targetId === id).map((a) => a.action).sort(),
      (await outboxRows(s.fx.org.id)).filter((e) => JSON.stringify(e.payload).includes(id)).map((e) => e.type).sort(),
    ];
    const res = await s.createKey(s.developer.headers, { environment: "development" });
    const keyId = res.body.key.id;
    expect(await actionsFor(keyId)).toEqual([["key.created"], ["key.created"]]);
    const [entry] = (await auditRows(s.fx.org.id)).filter((a) => a.targetId === keyId);
    expect(entry).toMatchObject({ actorType: "user", actorId: s.developer.user.id, targetType: "api_key" });

    const before = await keyState(s.fx.org.id);
    expect((await s.revokeKey(s.viewer.headers, keyId)).status).toBe(403);
    expect((await s.createKey(s.developer.headers, { environment: "nope" })).status).toBe(400);
    expect(await keyState(s.fx.org.id)).toEqual(before);

    expect((await s.revokeKey(s.developer.headers, keyId)).status).toBe(200);
    expect(await actionsFor(keyId)).toEqual([["key.created", "key.revoked"], ["key.created", "key.revoked"]]);
  });
});
