import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { onPostgres, POSTGRES_ONLY } from "../databases";
import { DELETE as removeRoute, PATCH as patchRoute } from "@/app/api/v1/members/[userId]/route";
import { GET as listRoute } from "@/app/api/v1/members/route";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { leaveOrganization, removeMember } from "@/lib/members/remove-member";
import { transferOwnership } from "@/lib/members/transfer-ownership";
import { updateMember } from "@/lib/members/update-member";
import type { RequestContext } from "@/lib/core/context";
import {
  addMember,
  apiRequest,
  asKey,
  asSession,
  auditRows,
  call,
  createOrg,
  createSession,
  createTestAdminKey,
  createTestProject,
  orgState,
  outboxRows,
  userContext,
  type OrgFixture,
} from "../factories";
import { inTransaction } from "../key-factories";
import { memberWithContext } from "../member-factories";

// Organization roles: the rank guard, admins and owners, the last owner, ownership transfer.

let fx: OrgFixture;
let ownerKey: string;
beforeAll(async () => {
  fx = await createOrg();
  ownerKey = (await createTestAdminKey(fx, "owner")).secret;
});

const patch = (userId: string, body: unknown, headers = asKey(ownerKey)) =>
  call(patchRoute, apiRequest("PATCH", `/members/${userId}`, { headers, body }), { userId });
const change = (ctx: RequestContext, userId: string, input: Parameters<typeof updateMember>[3]) =>
  inTransaction(fx, (tx, c) => updateMember(tx, c, userId, input), ctx);

/** Runs `act`, expects it refused with `code` and `message`, and the organization unchanged. */
async function refused(org: OrgFixture, act: () => Promise<unknown>, code: string, message: RegExp) {
  const before = await orgState(org.org.id);
  await expect(act()).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
  expect(await orgState(org.org.id)).toEqual(before);
}

describe("listing members", () => {
  it("shows role, project roles, last sign-in and how each joined, page by page", async () => {
    const org = await createOrg();
    const p = await createTestProject(org, { name: "Atlas" });
    const { user } = await memberWithContext(org, "member", [[p.id, "developer"]]);
    const signedIn = new Date("2026-01-02T03:04:05.000Z");
    await (await getDb()).update(users).set({ lastSignInAt: signedIn }).where(eq(users.id, user.id));
    const headers = asSession(await createSession(user));
    const first = await call(listRoute, apiRequest("GET", "/members?limit=1", { headers }));
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(1);
    const second = await call(listRoute, apiRequest("GET", `/members?limit=1&cursor=${first.body.nextCursor}`, { headers }));
    const all = [...first.body.data, ...second.body.data];
    expect(second.body.nextCursor).toBeNull();
    expect(all.find((m) => m.userId === org.owner.id)).toMatchObject({ role: "owner", joinedVia: "created", projectRoles: [] });
    expect(all.find((m) => m.userId === user.id)).toMatchObject({
      id: expect.stringMatching(/^mem_/),
      email: user.email,
      role: "member",
      projectRoles: [{ projectId: p.id, projectName: "Atlas", role: "developer" }],
      lastSignInAt: signedIn.toISOString(),
    });
  });
});

describe("changing roles", () => {
  it("records member.role_changed with the previous role, in the same transaction as the change", async () => {
    const member = await addMember(fx.org.id, "member");
    const res = await patch(member.id, { role: "security" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: member.id, role: "security" });
    const event = (await outboxRows(fx.org.id)).find((e) => e.type === "member.role_changed" && JSON.stringify(e.payload).includes(member.id));
    expect(event!.payload).toMatchObject({ data: { previousRole: "member", changes: { role: { from: "member", to: "security" } } } });
    expect((await auditRows(fx.org.id)).find((a) => a.action === "member.role_changed" && a.targetId === member.id)).toBeDefined();
  });

  it("stops escalation: an admin gives neither owner nor a role with permissions they lack, and cannot touch an owner", async () => {
    const admin = await memberWithContext(fx, "admin");
    const member = await addMember(fx.org.id, "member");
    const owner2 = await addMember(fx.org.id, "owner");
    await refused(fx, () => change(admin.ctx, member.id, { role: "owner" }), "FORBIDDEN", /Only an owner can make someone an owner/);
    await refused(fx, () => change(admin.ctx, member.id, { role: "finance" }), "FORBIDDEN", /permissions your role lacks/);
    await refused(fx, () => change(admin.ctx, owner2.id, { role: "member" }), "FORBIDDEN", /Only an owner can change or remove an owner/);
    await refused(fx, () => change(admin.ctx, admin.user.id, { role: "owner" }), "FORBIDDEN", /Only an owner/);
    await refused(fx, () => inTransaction(fx, (tx, c) => removeMember(tx, c, owner2.id, {}), admin.ctx), "FORBIDDEN", /Only an owner can change or remove an owner/);
    await expect(change(admin.ctx, member.id, { role: "admin" })).resolves.toMatchObject({ role: "admin" });
  });

  it("answers 403 with the reason through the Admin API for an admin key, and 404 for another organization's member", async () => {
    const adminKey = (await createTestAdminKey(fx, "admin")).secret;
    const owner2 = await addMember(fx.org.id, "owner");
    const res = await patch(owner2.id, { role: "admin" }, asKey(adminKey));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe("Only an owner can change or remove an owner.");
    const foreign = await addMember((await createOrg()).org.id, "member");
    expect((await patch(foreign.id, { role: "admin" })).status).toBe(404);
  });

  it("keeps project roles for members only: replaces them through PATCH, drops them when the role changes", async () => {
    const [a, b] = [await createTestProject(fx), await createTestProject(fx)];
    const member = await addMember(fx.org.id, "member");
    const res = await patch(member.id, { projectRoles: [{ projectId: a.id, role: "viewer" }, { projectId: b.id, role: "project_admin" }] });
    expect(res.body.projectRoles.map((r: { projectId: string; role: string }) => [r.projectId, r.role]).sort()).toEqual(
      [[a.id, "viewer"], [b.id, "project_admin"]].sort(),
    );
    const toAdminWithRoles = await patch(member.id, { role: "admin", projectRoles: [{ projectId: a.id, role: "viewer" }] });
    expect(toAdminWithRoles.status).toBe(400);
    expect(toAdminWithRoles.body.error.details[0].path).toBe("projectRoles");
    const toAdmin = await patch(member.id, { role: "admin" });
    expect(toAdmin.body).toMatchObject({ role: "admin", projectRoles: [] });
    expect((await patch(member.id, {})).status).toBe(400);
  });
});

describe("the last owner", () => {
  it("cannot be demoted, leave or be removed (409 with the reason); with a second owner they can", async () => {
    const org = await createOrg();
    const ctx = org.ctx;
    await refused(org, () => inTransaction(org, (tx, c) => updateMember(tx, c, org.owner.id, { role: "admin" }), ctx), "CONFLICT", /last owner cannot be demoted/);
    await refused(org, () => inTransaction(org, (tx, c) => leaveOrganization(tx, c, {}), ctx), "CONFLICT", /last owner cannot leave/);
    await refused(org, () => inTransaction(org, (tx, c) => removeMember(tx, c, org.owner.id, {}), ctx), "CONFLICT", /last owner cannot leave/);

    const key = (await createTestAdminKey(org, "owner")).secret;
    const del = await call(removeRoute, apiRequest("DELETE", `/members/${org.owner.id}`, { headers: asKey(key) }), { userId: org.owner.id });
    expect(del.status).toBe(409);
    expect(del.body.error.message).toMatch(/last owner cannot be removed/);

    const second = await addMember(org.org.id, "owner");
    await expect(inTransaction(org, (tx, c) => updateMember(tx, c, org.owner.id, { role: "member" }), ctx)).resolves.toMatchObject({ role: "member" });
    const secondCtx = userContext(second, org.org.id, "owner");
    await refused(org, () => inTransaction(org, (tx, c) => leaveOrganization(tx, c, {}), secondCtx), "CONFLICT", /last owner cannot leave/);
  });

  // the organization row lock decides: a race only where transactions overlap
  it.skipIf(!onPostgres)(`survives two owners demoting each other at once: exactly one succeeds ${POSTGRES_ONLY}`, async () => {
    const org = await createOrg();
    const other = await addMember(org.org.id, "owner");
    const otherCtx = userContext(other, org.org.id, "owner");
    const results = await Promise.allSettled([
      inTransaction(org, (tx, c) => updateMember(tx, c, other.id, { role: "admin" }), org.ctx),
      inTransaction(org, (tx, c) => updateMember(tx, c, org.owner.id, { role: "admin" }), otherCtx),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const owners = (await orgState(org.org.id)).members.filter((m) => m.role === "owner");
    expect(owners).toHaveLength(1);
  });
});

describe("transferring ownership", () => {
  it("makes the member owner and the old owner admin, with one audit entry and two member.role_changed events", async () => {
    const org = await createOrg();
    const p = await createTestProject(org);
    const { user } = await memberWithContext(org, "member", [[p.id, "developer"]]);
    const out = await inTransaction(org, (tx, c) => transferOwnership(tx, c, user.id));
    expect(out.newOwner).toMatchObject({ userId: user.id, role: "owner", projectRoles: [] });
    expect(out.oldOwner).toMatchObject({ userId: org.owner.id, role: "admin" });
    expect((await auditRows(org.org.id)).filter((a) => a.action === "organization.ownership_transferred")).toHaveLength(1);
    const events = (await outboxRows(org.org.id)).filter((e) => e.type === "member.role_changed");
    expect(events.map((e) => (e.payload.data as { previousRole: string }).previousRole).sort()).toEqual(["member", "owner"]);
  });

  // Who may transfer is the action's declared org.transfer (owners only), checked for every role
  // by test/integration/security-actions.test.ts; the service keeps what is about the target.
  it("is refused towards an owner and towards yourself, changing nothing", async () => {
    const org = await createOrg();
    const owner2 = await addMember(org.org.id, "owner");
    await refused(org, () => inTransaction(org, (tx, c) => transferOwnership(tx, c, owner2.id)), "CONFLICT", /already an owner/);
    await refused(org, () => inTransaction(org, (tx, c) => transferOwnership(tx, c, org.owner.id)), "INVALID_REQUEST", /another member/);
  });
});
