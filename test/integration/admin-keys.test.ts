import { beforeAll, describe, expect, it } from "vitest";
import { POST as revoke } from "@/app/api/v1/admin-keys/[adminKeyId]/revoke/route";
import { GET as list, POST as create } from "@/app/api/v1/admin-keys/route";
import { GET as getOrganization } from "@/app/api/v1/organization/route";
import { isWellFormed } from "@/lib/keys/format";
import {
  addMember,
  apiRequest,
  asKey,
  auditRows,
  call,
  createOrg,
  createSession,
  createTestAdminKey,
  orgState,
  outboxRows,
  asSession,
  type HeaderMap,
} from "../factories";
import { ADMIN_ROUTES, fillPath, ROUTE_CASES, routeKey } from "../routes";
import { createWorld, type World } from "../world";

const createKey = (headers: HeaderMap, body: unknown) => call(create, apiRequest("POST", "/admin-keys", { headers, body }));
const listKeys = (headers: HeaderMap) => call(list, apiRequest("GET", "/admin-keys", { headers }));
const revokeKey = (headers: HeaderMap, adminKeyId: string) =>
  call(revoke, apiRequest("POST", `/admin-keys/${adminKeyId}/revoke`, { headers }), { adminKeyId });
const whoAmI = (secret: string) => call(getOrganization, apiRequest("GET", "/organization", { headers: asKey(secret) }));

let w: World;
beforeAll(async () => {
  w = await createWorld();
});

describe("POST /admin-keys", () => {
  it("creates a key and shows its secret once, never in the list, audit log or events", async () => {
    const res = await createKey(asKey(w.keys.owner), { name: "CI deploys", role: "admin" });

    expect(res.status).toBe(201);
    const { adminKey, secret } = res.body;
    expect(isWellFormed(secret, "admin")).toBe(true);
    expect(adminKey).toMatchObject({ id: expect.stringMatching(/^adk_/), name: "CI deploys", role: "admin", status: "active", last4: secret.slice(-4) });
    expect(JSON.stringify(adminKey)).not.toContain(secret);

    const listed = await listKeys(asKey(w.keys.owner));
    expect(listed.body.data.map((k: { id: string }) => k.id)).toContain(adminKey.id);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const audit = await auditRows(w.org.id);
    expect(audit.find((a) => a.action === "security.admin_key.created" && a.targetId === adminKey.id)).toBeDefined();
    expect(JSON.stringify(audit)).not.toContain(secret);
    const events = await outboxRows(w.org.id);
    expect(events.find((e) => e.type === "security.admin_key.created" && JSON.stringify(e.payload).includes(adminKey.id))).toBeDefined();
    expect(JSON.stringify(events)).not.toContain(secret);
    expect(JSON.stringify(events)).not.toContain(secret.slice(13, 45)); // not even the random body

    expect((await whoAmI(secret)).body.id).toBe(w.org.id);
  });

  it("lets an owner's session create an owner key", async () => {
    const res = await createKey(asSession(w.cookies.owner), { name: "Break glass", role: "owner" });
    expect(res.status).toBe(201);
    expect(res.body.adminKey.createdById).toBe(w.owner.id);
  });

  it("refuses an admin a key whose role has permissions admins lack", async () => {
    for (const role of ["owner", "security", "finance"]) {
      const before = await orgState(w.org.id);
      const res = await createKey(asKey(w.keys.admin), { name: "Escalation", role });
      expect(res.status, role).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
      expect(res.body.error.details).toEqual([{ path: "role", message: expect.any(String) }]);
      expect(await orgState(w.org.id)).toEqual(before);
    }
    expect((await createKey(asKey(w.keys.admin), { name: "Peer", role: "admin" })).status).toBe(201);
  });

  it("answers 403 to finance and security keys", async () => {
    for (const role of ["finance", "security"] as const) {
      expect((await createKey(asKey(w.keys[role]), { name: "Nope", role: "finance" })).status).toBe(403);
      expect((await listKeys(asKey(w.keys[role]))).status).toBe(403);
    }
  });

  it("answers 400 naming bad fields", async () => {
    const res = await createKey(asKey(w.keys.owner), { name: "", role: "member", expiresAt: "2001-01-01T00:00:00Z", scope: "all" });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["expiresAt", "name", "role", "scope"]);
  });
});

describe("revoking and expiry", () => {
  it("revokes a key: it then answers 401 on every route, and a second revoke answers 409", async () => {
    const { adminKey, secret } = await createTestAdminKey(w, "owner");
    expect((await whoAmI(secret)).status).toBe(200);

    const res = await revokeKey(asKey(w.keys.owner), adminKey.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: adminKey.id, status: "revoked", revokedAt: expect.any(String) });
    expect((await auditRows(w.org.id)).some((a) => a.action === "security.admin_key.revoked" && a.targetId === adminKey.id)).toBe(true);

    // one client address per route: more routes than the failed-authentication limit allows a minute
    for (const [i, spec] of ADMIN_ROUTES.entries()) {
      const route = ROUTE_CASES[routeKey(spec)]!;
      const params = route.params?.(w) ?? {};
      const headers = { ...asKey(secret), "x-anyint-client-ip": `198.51.100.${i + 1}` };
      const req = apiRequest(spec.method, fillPath(spec.path, params), { headers, body: route.body?.(w) });
      const answer = await call(route.handler, req, params);
      expect(answer.status, routeKey(spec)).toBe(401);
    }

    const again = await revokeKey(asKey(w.keys.owner), adminKey.id);
    expect([again.status, again.body.error.code]).toEqual([409, "CONFLICT"]);
  });

  it("lists a revoked key as revoked", async () => {
    const { adminKey } = await createTestAdminKey(w, "admin");
    await revokeKey(asKey(w.keys.owner), adminKey.id);
    const listed = await call(list, apiRequest("GET", "/admin-keys?limit=100", { headers: asKey(w.keys.owner) }));
    expect(listed.body.data.find((k: { id: string }) => k.id === adminKey.id)).toMatchObject({ status: "revoked" });
  });

  it("answers 404 to revoking another organization's key", async () => {
    const other = await createOrg();
    const { adminKey, secret } = await createTestAdminKey(other, "owner");
    const res = await revokeKey(asKey(w.keys.owner), adminKey.id);
    expect(res.status).toBe(404);
    expect((await whoAmI(secret)).status).toBe(200);
  });

  it("answers 401 to an expired key", async () => {
    const { secret } = await createTestAdminKey(w, "owner", { expiresAt: new Date(Date.now() - 1000) });
    const res = await whoAmI(secret);
    expect([res.status, res.body.error.code]).toEqual([401, "UNAUTHORIZED"]);

    const { secret: later } = await createTestAdminKey(w, "owner", { expiresAt: new Date(Date.now() + 3600_000) });
    expect((await whoAmI(later)).status).toBe(200);
  });

  it("answers 401 to malformed bearer tokens", async () => {
    const good = w.keys.owner;
    for (const authorization of ["Bearer", "Bearer ", "Token " + good, "Bearer " + good + " extra", "Bearer " + good.toUpperCase(), "Bearer " + good.slice(0, -1), "Bearer " + good.replace("anyint_admin_", "anyint_sk_")]) {
      const res = await call(getOrganization, apiRequest("GET", "/organization", { headers: { authorization } }));
      expect(res.status, authorization).toBe(401);
    }
  });

  it("does not fall back to the session when a bearer token is present but bad", async () => {
    const cookie = await createSession(w.owner);
    const res = await call(getOrganization, apiRequest("GET", "/organization", { headers: { cookie, authorization: "Bearer nope" } }));
    expect(res.status).toBe(401);
  });
});

describe("the rank rule", () => {
  it("refuses an admin key and an admin member revoking an owner key: 403, nothing written, the key still works", async () => {
    const { adminKey, secret } = await createTestAdminKey(w, "owner");
    const adminSession = asSession(await createSession(await addMember(w.org.id, "admin")));
    for (const headers of [asKey(w.keys.admin), adminSession]) {
      const before = await orgState(w.org.id);
      const res = await revokeKey(headers, adminKey.id);
      expect([res.status, res.body.error.code]).toEqual([403, "FORBIDDEN"]);
      expect(await orgState(w.org.id)).toEqual(before);
      expect((await whoAmI(secret)).status).toBe(200);
    }
    const listed = await call(list, apiRequest("GET", "/admin-keys?limit=100", { headers: asKey(w.keys.owner) }));
    expect(listed.body.data.find((k: { id: string }) => k.id === adminKey.id)).toMatchObject({ status: "active", revokedAt: null });
  });

  it("still lets an admin revoke an admin key and an owner revoke an owner key", async () => {
    const peer = await createTestAdminKey(w, "admin");
    expect((await revokeKey(asKey(w.keys.admin), peer.adminKey.id)).status).toBe(200);
    const owned = await createTestAdminKey(w, "owner");
    expect((await revokeKey(asKey(w.keys.owner), owned.adminKey.id)).status).toBe(200);
    expect((await whoAmI(owned.secret)).status).toBe(401);
  });

  it("refuses an admin member creating an owner key through the session, nothing written", async () => {
    const cookie = await createSession(await addMember(w.org.id, "admin"));
    const before = await orgState(w.org.id);
    const res = await createKey(asSession(cookie), { name: "Climb", role: "owner" });
    expect([res.status, res.body.error.code]).toEqual([403, "FORBIDDEN"]);
    expect(res.body.error.details).toEqual([{ path: "role", message: expect.any(String) }]);
    expect(await orgState(w.org.id)).toEqual(before);
  });
});
