import { beforeAll, describe, expect, it } from "vitest";
import { DELETE as removeRoute } from "@/app/api/v1/members/[userId]/route";
import { getDb } from "@/db/client";
import { createServiceAccount } from "@/lib/keys/service-accounts";
import { getKey } from "@/lib/keys/service";
import { verifyKey } from "@/lib/keys/verify";
import { removeProjectMember, setProjectMember } from "@/lib/members/project-members";
import { leaveOrganization, removeMember } from "@/lib/members/remove-member";
import type { ProjectView } from "@/lib/projects/service";
import { apiRequest, asKey, auditRows, call, createOrg, createTestAdminKey, createTestProject, outboxRows, unique, type OrgFixture } from "../factories";
import { createTeamKey, inTransaction, keyState } from "../key-factories";
import { memberWithContext } from "../member-factories";

// A leaving member's keys: revoked (verification refuses them at once) or handed to a service
// account of each project, never left working without an owner; keys whose owner lost access are flagged.

let fx: OrgFixture;
let ownerKey: string;
let alpha: ProjectView;
let beta: ProjectView;
beforeAll(async () => {
  fx = await createOrg();
  ownerKey = (await createTestAdminKey(fx, "owner")).secret;
  alpha = await createTestProject(fx, { name: "Alpha" });
  beta = await createTestProject(fx, { name: "Beta" });
});

/** A developer of both projects who owns one working key in each. */
async function developerWithKeys() {
  const dev = await memberWithContext(fx, "member", [[alpha.id, "developer"], [beta.id, "developer"]]);
  const a = await createTeamKey(fx, alpha.id, {}, dev.ctx);
  const b = await createTeamKey(fx, beta.id, {}, dev.ctx);
  expect((await verifyKey({ key: a.secret })).valid).toBe(true); // now cached
  return { ...dev, keys: [a, b] };
}

const robot = (p: ProjectView) => inTransaction(fx, (tx, ctx) => createServiceAccount(tx, ctx, p.id, { name: unique("robot") }));
const remove = (userId: string, query = "") =>
  call(removeRoute, apiRequest("DELETE", `/members/${userId}${query}`, { headers: asKey(ownerKey) }), { userId });

describe("removing a member who owns keys", () => {
  it("requires a choice for their keys, naming where they are, and changes nothing without it", async () => {
    const dev = await developerWithKeys();
    const before = await keyState(fx.org.id);
    const res = await remove(dev.user.id);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/owns 2 keys \(in Alpha, Beta\): choose to revoke them or hand them to service accounts/);
    expect(res.body.error.details).toEqual([{ path: "keysAction", message: "is required: choose revoke or transfer" }]);
    expect(await keyState(fx.org.id)).toEqual(before);
  });

  it("revokes each key through the keys service: verification refuses them at once, key.revoked and member.removed are recorded", async () => {
    const dev = await developerWithKeys();
    const res = await remove(dev.user.id, "?keysAction=revoke");
    expect(res.status).toBe(204);
    for (const k of dev.keys) {
      expect(await verifyKey({ key: k.secret })).toMatchObject({ valid: false, code: "REVOKED", keyId: k.key.id });
    }
    const audit = await auditRows(fx.org.id);
    expect(audit.filter((a) => a.action === "key.revoked" && dev.keys.some((k) => k.key.id === a.targetId))).toHaveLength(2);
    expect(audit.find((a) => a.action === "member.removed" && a.targetId === dev.user.id)?.changes).toMatchObject({ keys: { revoked: 2, transferred: 0 }, left: false });
    const events = (await outboxRows(fx.org.id)).filter((e) => JSON.stringify(e.payload).includes(dev.user.id));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["member.removed"]));
    expect((await keyState(fx.org.id)).members.map((m) => m.id)).not.toContain(dev.user.id);
  });

  it("hands keys to a service account of each project: they keep working, owned by it (key.updated)", async () => {
    const dev = await developerWithKeys();
    const [ra, rb] = [await robot(alpha), await robot(beta)];
    const res = await remove(dev.user.id, `?keysAction=transfer&transferTo=${alpha.id}:${ra.id},${beta.id}:${rb.id}`);
    expect(res.status).toBe(204);
    expect(await verifyKey({ key: dev.keys[0]!.secret })).toMatchObject({ valid: true, owner: { type: "service_account", id: ra.id } });
    expect(await verifyKey({ key: dev.keys[1]!.secret })).toMatchObject({ valid: true, owner: { type: "service_account", id: rb.id } });
    const view = await getKey(await getDb(), fx.ctx, dev.keys[0]!.key.id);
    expect(view.owner).toMatchObject({ type: "service_account", id: ra.id });
    const updated = (await auditRows(fx.org.id)).filter((a) => a.action === "key.updated" && dev.keys.some((k) => k.key.id === a.targetId));
    expect(updated).toHaveLength(2);
  });

  it("refuses a transfer that leaves a project uncovered, or names another project's service account, naming the project", async () => {
    const dev = await developerWithKeys();
    const ra = await robot(alpha);
    const before = await keyState(fx.org.id);
    const missing = await remove(dev.user.id, `?keysAction=transfer&transferTo=${alpha.id}:${ra.id}`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain("Choose a service account of Beta");
    expect(missing.body.error.details).toEqual([{ path: `serviceAccountIds.${beta.id}`, message: "is required: 1 key in Beta" }]);
    const wrong = await remove(dev.user.id, `?keysAction=transfer&transferTo=${alpha.id}:${ra.id},${beta.id}:${ra.id}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([{ path: `serviceAccountIds.${beta.id}`, message: "is not a service account of Beta" }]);
    expect((await remove(dev.user.id, "?keysAction=transfer&transferTo=nonsense")).status).toBe(400);
    expect(await keyState(fx.org.id)).toEqual(before);
  });

  it("removes a member without keys with no choice at all", async () => {
    const { user } = await memberWithContext(fx, "member");
    expect((await remove(user.id)).status).toBe(204);
  });
});

describe("leaving", () => {
  it("lets a developer revoke their keys on the way out, but not hand them on (that needs rights over others' keys)", async () => {
    const dev = await developerWithKeys();
    const ra = await robot(alpha);
    const rb = await robot(beta);
    const before = await keyState(fx.org.id);
    await expect(
      inTransaction(fx, (tx, c) => leaveOrganization(tx, c, { keysAction: "transfer", serviceAccountIds: { [alpha.id]: ra.id, [beta.id]: rb.id } }), dev.ctx),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("Alpha") });
    expect(await keyState(fx.org.id)).toEqual(before);
    const out = await inTransaction(fx, (tx, c) => leaveOrganization(tx, c, { keysAction: "revoke" }), dev.ctx);
    expect(out.keys).toEqual({ revoked: 2, transferred: 0 });
    expect(await verifyKey({ key: dev.keys[0]!.secret })).toMatchObject({ valid: false, code: "REVOKED" });
    expect((await auditRows(fx.org.id)).find((a) => a.action === "member.removed" && a.targetId === dev.user.id)).toMatchObject({ actorId: dev.user.id });
  });

  it("is removing yourself through the same route", async () => {
    const admin = await memberWithContext(fx, "admin");
    const out = await inTransaction(fx, (tx, c) => removeMember(tx, c, admin.user.id, {}), admin.ctx);
    expect(out.member.userId).toBe(admin.user.id);
  });
});

describe("project roles", () => {
  it("flags keys whose owner lost access to the project, without revoking them", async () => {
    const dev = await developerWithKeys();
    const keyId = dev.keys[0]!.key.id;
    const db = await getDb();
    expect((await getKey(db, fx.ctx, keyId)).owner).toMatchObject({ type: "user", lostAccess: false });
    await inTransaction(fx, (tx, c) => removeProjectMember(tx, c, alpha.id, dev.user.id));
    expect((await getKey(db, fx.ctx, keyId)).owner).toMatchObject({ type: "user", id: dev.user.id, lostAccess: true });
    expect((await getKey(db, fx.ctx, dev.keys[1]!.key.id)).owner).toMatchObject({ lostAccess: false });
    expect((await verifyKey({ key: dev.keys[0]!.secret })).valid).toBe(true);
    await inTransaction(fx, (tx, c) => setProjectMember(tx, c, alpha.id, dev.user.id, "viewer"));
    expect((await getKey(db, fx.ctx, keyId)).owner).toMatchObject({ lostAccess: false });
  });

  it("are for organization members only, in projects of the organization, and record member.role_changed", async () => {
    const admin = await memberWithContext(fx, "admin");
    await expect(inTransaction(fx, (tx, c) => setProjectMember(tx, c, alpha.id, admin.user.id, "viewer"))).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    const other = await createOrg();
    const foreign = await createTestProject(other);
    const { user } = await memberWithContext(fx, "member");
    await expect(inTransaction(fx, (tx, c) => setProjectMember(tx, c, foreign.id, user.id, "viewer"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(inTransaction(fx, (tx, c) => removeProjectMember(tx, c, alpha.id, user.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const member = await inTransaction(fx, (tx, c) => setProjectMember(tx, c, alpha.id, user.id, "project_admin"));
    expect(member.projectRoles).toEqual([{ projectId: alpha.id, projectName: "Alpha", role: "project_admin", roleName: "Project admin" }]);
    const event = (await outboxRows(fx.org.id)).find((e) => e.type === "member.role_changed" && JSON.stringify(e.payload).includes(user.id));
    expect(event!.payload).toMatchObject({ data: { changes: { projectRoles: { from: [], to: [{ projectId: alpha.id, role: "project_admin" }] } } } });
  });
});
