import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { POST as revokeAdminKey } from "@/app/api/v1/admin-keys/[adminKeyId]/revoke/route";
import { findOrCreateUser } from "@/lib/orgs/service";
import { GET as listAudit } from "@/app/api/v1/audit-logs/route";
import { POST as createAdminKey } from "@/app/api/v1/admin-keys/route";
import { GET as billing } from "@/app/api/v1/billing/route";
import { POST as inviteRoute } from "@/app/api/v1/invites/route";
import { POST as createSso } from "@/app/api/v1/sso-connections/route";
import { PATCH as patchMember } from "@/app/api/v1/members/[userId]/route";
import { GET as listKeys, POST as createKey } from "@/app/api/v1/projects/[projectId]/keys/route";
import { DELETE as deleteRole, GET as getRole, PATCH as patchRole } from "@/app/api/v1/roles/[roleId]/route";
import { GET as listRoles, POST as createRole } from "@/app/api/v1/roles/route";
import { GET as usage } from "@/app/api/v1/usage/route";
import { addMember, apiRequest, asKey, asSession, auditRows, call, createOrg, createSession, createTestAdminKey, createTestProject, outboxRows, type HeaderMap } from "../factories";
import { accept, inviteToken, newEmail } from "../member-factories";
import { createWorld, type World } from "../world";

// Custom roles through the Admin API (docs/rbac.md, "Custom roles"): made of permissions of the
// vocabulary, never more than their maker holds, assignable wherever a role is, effective on the
// holder's next request, and not deletable while anyone holds them.

const post = (headers: HeaderMap, body: unknown) => call(createRole, apiRequest("POST", "/roles", { headers, body }));
const patch = (headers: HeaderMap, roleId: string, body: unknown) => call(patchRole, apiRequest("PATCH", `/roles/${roleId}`, { headers, body }), { roleId });
const read = (headers: HeaderMap, roleId: string) => call(getRole, apiRequest("GET", `/roles/${roleId}`, { headers }), { roleId });
const remove = (headers: HeaderMap, roleId: string) => call(deleteRole, apiRequest("DELETE", `/roles/${roleId}`, { headers }), { roleId });
const setRole = (headers: HeaderMap, userId: string, body: unknown) => call(patchMember, apiRequest("PATCH", `/members/${userId}`, { headers, body }), { userId });
const keysOf = (headers: HeaderMap, projectId: string) => call(listKeys, apiRequest("GET", `/projects/${projectId}/keys`, { headers }), { projectId });
const newKey = (headers: HeaderMap, projectId: string, environment = "development") =>
  call(createKey, apiRequest("POST", `/projects/${projectId}/keys`, { headers, body: { name: "made by a custom role", environment } }), { projectId });
const audit = (headers: HeaderMap) => call(listAudit, apiRequest("GET", "/audit-logs", { headers }));

let w: World;
let owner: HeaderMap;
beforeAll(async () => {
  w = await createWorld();
  owner = asKey(w.keys.owner);
});

async function signedInMember() {
  const user = await addMember(w.org.id, "member");
  return { user, headers: asSession(await createSession(user)) };
}

describe("POST /roles", () => {
  it("creates an organization role from permissions, audited, with a role.created event", async () => {
    const res = await post(owner, { name: "Key auditor", description: "Reads keys and the audit log", scope: "organization", permissions: ["key.read", "audit.read"] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^role_[0-9a-z]{20}$/), name: "Key auditor", scope: "organization", permissions: ["audit.read", "key.read"] });
    expect((await auditRows(w.org.id)).find((a) => a.action === "role.created" && a.targetId === res.body.id)?.changes).toMatchObject({ permissions: ["audit.read", "key.read"] });
    expect((await outboxRows(w.org.id)).find((e) => e.type === "role.created" && JSON.stringify(e.payload).includes(res.body.id))).toBeDefined();
    const listed = await call(listRoles, apiRequest("GET", "/roles", { headers: owner }));
    expect(listed.body.data.find((r: { id: string }) => r.id === res.body.id)).toMatchObject({ name: "Key auditor", holderCount: 0 });
  });

  it("names the field and the reason for a bad role, and writes nothing", async () => {
    const before = (await auditRows(w.org.id)).length;
    const cases: [unknown, string, RegExp][] = [
      [{ name: "x", scope: "organization", permissions: ["keys.read"] }, "permissions.0", /vocabulary/],
      [{ name: "x", scope: "organization", permissions: ["org.delete"] }, "permissions.0", /built-in/],
      [{ name: "x", scope: "organization", permissions: ["admin_key.manage"] }, "permissions.0", /built-in/],
      [{ name: "x", scope: "project", permissions: ["key.read", "billing.read"] }, "permissions.1", /not a project permission/],
      [{ name: "x", scope: "organization", permissions: [] }, "permissions", /at least one/],
      [{ name: "", scope: "organization", permissions: ["key.read"] }, "name", /empty/],
      [{ name: "x", scope: "team", permissions: ["key.read"] }, "scope", /organization or project/],
    ];
    for (const [body, path, message] of cases) {
      const res = await post(owner, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const detail = res.body.error.details.find((d: { path: string }) => d.path === path);
      expect(detail?.message, `${JSON.stringify(body)} → ${JSON.stringify(res.body.error.details)}`).toMatch(message);
    }
    expect((await auditRows(w.org.id)).length).toBe(before);
  });

  it("answers 409 for a name the organization already uses, whatever its case", async () => {
    expect((await post(owner, { name: "Spend reader", scope: "organization", permissions: ["usage.read"] })).status).toBe(201);
    const again = await post(owner, { name: "SPEND READER", scope: "organization", permissions: ["usage.read"] });
    expect(again.status).toBe(409);
    expect(again.body.error.details[0]).toMatchObject({ path: "name" });
  });

  it("never makes a role holding a permission its maker lacks", async () => {
    for (const headers of [asKey(w.keys.admin), asSession(w.cookies.admin)]) {
      const res = await post(headers, { name: "Budget owner", scope: "organization", permissions: ["usage.read", "budget.manage"] });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain("budget.manage");
    }
    expect((await post(asKey(w.keys.admin), { name: "Usage reader (admin)", scope: "organization", permissions: ["usage.read"] })).status).toBe(201);
  });

  it("is refused to roles without member.update", async () => {
    for (const headers of [asKey(w.keys.security), asKey(w.keys.finance), asSession(w.cookies.project_admin), asSession(w.cookies.viewer)]) {
      expect((await post(headers, { name: "nope", scope: "organization", permissions: ["org.read"] })).status).toBe(403);
      expect((await call(listRoles, apiRequest("GET", "/roles", { headers }))).status).toBe(403);
    }
  });
});

describe("a member holding a custom role", () => {
  it("may do exactly what its permissions allow, and gets a change on the next request", async () => {
    const role = (await post(owner, { name: "Auditor one", scope: "organization", permissions: ["key.read", "audit.read"] })).body;
    const { user, headers } = await signedInMember();
    expect((await audit(headers)).status).toBe(403);

    const given = await setRole(owner, user.id, { role: role.id });
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ role: role.id, roleName: "Auditor one" });

    expect((await audit(headers)).status).toBe(200);
    expect((await keysOf(headers, w.project.id)).status).toBe(200);
    expect((await newKey(headers, w.project.id)).status).toBe(403);
    expect((await call(billing, apiRequest("GET", "/billing", { headers }))).status).toBe(403);
    expect((await call(usage, apiRequest("GET", "/usage", { headers }))).status).toBe(403);

    const changed = await patch(owner, role.id, { permissions: ["key.read", "audit.read", "usage.read"] });
    expect(changed.status).toBe(200);
    expect((await call(usage, apiRequest("GET", "/usage", { headers }))).status).toBe(200);
    const entry = (await auditRows(w.org.id)).find((a) => a.action === "role.updated" && a.targetId === role.id);
    expect(entry?.changes).toEqual({ permissions: { from: ["audit.read", "key.read"], to: ["audit.read", "key.read", "usage.read"] } });
    expect((await outboxRows(w.org.id)).find((e) => e.type === "role.updated" && JSON.stringify(e.payload).includes(role.id))).toBeDefined();

    expect((await patch(owner, role.id, { permissions: ["key.read"] })).status).toBe(200);
    expect((await audit(headers)).status).toBe(403);
  });

  it("holds a project role's permissions only in the projects where it was given", async () => {
    const other = await createTestProject(w);
    const role = (await post(owner, { name: "Key maker", scope: "project", permissions: ["project.read", "key.read", "key.create"] })).body;
    const { user, headers } = await signedInMember();
    const orgScoped = (await post(owner, { name: "Org scoped", scope: "organization", permissions: ["key.read"] })).body;
    const wrong = await setRole(owner, user.id, { projectRoles: [{ projectId: w.project.id, role: orgScoped.id }] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0]).toMatchObject({ path: "projectRoles.0.role" });
    const asOrgRole = await setRole(owner, user.id, { role: role.id });
    expect(asOrgRole.status).toBe(400);
    expect(asOrgRole.body.error.details[0].message).toMatch(/project role/);

    const given = await setRole(owner, user.id, { projectRoles: [{ projectId: w.project.id, role: role.id }] });
    expect(given.status).toBe(200);
    expect(given.body.projectRoles).toEqual([{ projectId: w.project.id, projectName: w.project.name, role: role.id, roleName: "Key maker" }]);
    expect((await newKey(headers, w.project.id)).status).toBe(201);
    // as for a built-in developer: another project of the organization is refused, not hidden
    expect((await newKey(headers, other.id)).status).toBe(403);
    expect((await keysOf(headers, other.id)).status).toBe(403);
  });

  it("cannot be changed by someone lacking one of its permissions", async () => {
    const role = (await post(owner, { name: "Finance lead", scope: "organization", permissions: ["usage.read", "budget.manage"] })).body;
    const { user } = await signedInMember();
    expect((await setRole(owner, user.id, { role: role.id })).status).toBe(200);
    const byAdmin = await setRole(asKey(w.keys.admin), user.id, { role: "member" });
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error.message).toContain("budget.manage");
    const giveByAdmin = await setRole(asKey(w.keys.admin), (await signedInMember()).user.id, { role: role.id });
    expect(giveByAdmin.status).toBe(403);
  });

  it("arrives by invitation", async () => {
    const role = (await post(owner, { name: "Invited auditor", scope: "organization", permissions: ["audit.read"] })).body;
    const email = newEmail("auditor");
    const invited = await call(inviteRoute, apiRequest("POST", "/invites", { headers: owner, body: { email, role: role.id } }));
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ role: role.id, roleName: "Invited auditor" });
    const user = await addUserWithEmail(email);
    const { member } = await accept(user, await inviteToken(email));
    expect(member).toMatchObject({ role: role.id, roleName: "Invited auditor" });
    expect((await audit(asSession(await createSession(user)))).status).toBe(200);
  });
});

describe("an admin key carrying a custom role", () => {
  it("gets the role's permissions, and only an owner-made key of a role its maker holds", async () => {
    const role = (await post(owner, { name: "Audit robot", scope: "organization", permissions: ["audit.read"] })).body;
    const made = await call(createAdminKey, apiRequest("POST", "/admin-keys", { headers: owner, body: { name: "robot", role: role.id } }));
    expect(made.status).toBe(201);
    expect(made.body.adminKey).toMatchObject({ role: role.id, roleName: "Audit robot" });
    const robot = asKey(made.body.secret);
    expect((await audit(robot)).status).toBe(200);
    expect((await keysOf(robot, w.project.id)).status).toBe(403);
    const budget = (await post(owner, { name: "Budget robot", scope: "organization", permissions: ["budget.manage"] })).body;
    const byAdmin = await call(createAdminKey, apiRequest("POST", "/admin-keys", { headers: asKey(w.keys.admin), body: { name: "x", role: budget.id } }));
    expect(byAdmin.status).toBe(403);
  });
});

describe("GET, PATCH, DELETE /roles/{roleId}", () => {
  it("lists who holds a role, refuses to delete it while held (409 naming them), then deletes it", async () => {
    const role = (await post(owner, { name: "Held role", scope: "organization", permissions: ["audit.read"] })).body;
    const { user } = await signedInMember();
    await setRole(owner, user.id, { role: role.id });
    const key = await call(createAdminKey, apiRequest("POST", "/admin-keys", { headers: owner, body: { name: "held", role: role.id } }));
    const got = await read(owner, role.id);
    expect(got.body.holders.members.map((m: { userId: string }) => m.userId)).toEqual([user.id]);
    expect(got.body.holders.adminKeys.map((k: { id: string }) => k.id)).toEqual([key.body.adminKey.id]);

    const refused = await remove(owner, role.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/1 member, 1 admin key/);

    await setRole(owner, user.id, { role: "member" });
    await call(revokeAdminKey, apiRequest("POST", `/admin-keys/${key.body.adminKey.id}/revoke`, { headers: owner }), { adminKeyId: key.body.adminKey.id });
    const deleted = await remove(owner, role.id);
    expect(deleted.status).toBe(204);
    expect((await read(owner, role.id)).status).toBe(404);
    expect((await outboxRows(w.org.id)).find((e) => e.type === "role.deleted" && JSON.stringify(e.payload).includes(role.id))).toBeDefined();
  });

  it("answers 404 for another organization's role, and refuses to give it", async () => {
    const other = await createOrg();
    const theirs = await post(asKey((await createTestAdminKey(other, "owner")).secret), { name: "Theirs", scope: "organization", permissions: ["audit.read"] });
    expect(theirs.status).toBe(201);
    expect((await read(owner, theirs.body.id)).status).toBe(404);
    expect((await patch(owner, theirs.body.id, { name: "Mine now" })).status).toBe(404);
    expect((await remove(owner, theirs.body.id)).status).toBe(404);
    const { user } = await signedInMember();
    const given = await setRole(owner, user.id, { role: theirs.body.id });
    expect(given.status).toBe(400);
    expect(given.body.error.details[0]).toMatchObject({ path: "role", message: "is not a role of this organization" });
  });

  it("keeps the scope, and refuses an edit by someone lacking what the role holds", async () => {
    const role = (await post(owner, { name: "Scoped", scope: "organization", permissions: ["billing.manage"] })).body;
    expect((await patch(owner, role.id, { scope: "project" })).status).toBe(400);
    const byAdmin = await patch(asKey(w.keys.admin), role.id, { name: "Renamed by admin" });
    expect(byAdmin.status).toBe(403);
    expect((await read(owner, role.id)).body.name).toBe("Scoped");
  });
});

async function addUserWithEmail(email: string) {
  return findOrCreateUser(await getDb(), email, "Invited");
}

describe("SSO group mappings to custom roles", () => {
  const connection = (headers: HeaderMap, groupRoleMapping: Record<string, string>) =>
    call(createSso, apiRequest("POST", "/sso-connections", {
      headers,
      body: { protocol: "oidc", name: "Okta", issuer: "https://idp.example.com", clientId: "console", clientSecret: "s3cret", groupsClaim: "groups", groupRoleMapping },
    }));

  it("takes an organization role of the organization, refuses others by field, and counts the mapping as a holder", async () => {
    const role = (await post(owner, { name: "Mapped auditor", scope: "organization", permissions: ["audit.read"] })).body;
    const projectRole = (await post(owner, { name: "Mapped project role", scope: "project", permissions: ["key.read"] })).body;
    const made = await connection(owner, { auditors: role.id });
    expect(made.status).toBe(201);
    expect(made.body.groupRoleMapping).toEqual({ auditors: role.id });

    const wrongScope = await connection(owner, { devs: projectRole.id });
    expect(wrongScope.status).toBe(400);
    expect(wrongScope.body.error.details[0]).toMatchObject({ path: "groupRoleMapping.devs" });
    const unknown = await connection(owner, { devs: "role_00000000000000000000" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toMatchObject({ path: "groupRoleMapping.devs", message: "is not a role of this organization" });

    const held = await read(owner, role.id);
    expect(held.body.holders.groupMappings).toEqual([{ connectionId: made.body.id, connectionName: "Okta", group: "auditors" }]);
    const refused = await remove(owner, role.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/1 group mapping/);
  });

  it("refuses a security owner a mapping to a role holding permissions they lack", async () => {
    const role = (await post(owner, { name: "Mapped budget", scope: "organization", permissions: ["budget.manage"] })).body;
    const res = await connection(asKey(w.keys.security), { money: role.id });
    expect(res.status).toBe(403);
    expect(res.body.error.details).toEqual([{ path: "groupRoleMapping.money", message: "is a role you cannot give" }]);
  });
});
