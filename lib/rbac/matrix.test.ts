import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { can, orgPermissions, projectScope, type Actor, type Principal, type Target } from "./authorize";
import { ADMIN_KEY_ROLES, ORG_ROLES, PERMISSIONS, PROJECT_ROLES, type OrgRole, type Permission, type ProjectRole } from "./permissions";
import { BUILT_IN_ONLY, EVERYONE, grantablePermissions, mayGrant, mayManage, PROJECT_PERMISSIONS } from "./custom-roles";

// The permission matrix as docs/rbac.md writes it for people (read from that file, not from
// matrix.ts), then every permission × role × target is checked against `can()`.
// ✓ allowed; P only in projects where the member has that project role; own only for keys
// the member owns; — denied. The other-organization half (another organization's object
// answers 404) is checked by test/integration/security.test.ts, where targets come from rows.
// Columns: owner admin security finance | project_admin developer viewer.
const DOCS = readFileSync(join(process.cwd(), "docs/rbac.md"), "utf8");
const DOCS_TABLE = DOCS.slice(DOCS.indexOf("<!-- matrix:start -->"), DOCS.indexOf("<!-- matrix:end -->"))
  .split("\n")
  .filter((line) => line.startsWith("| `"))
  .map((line) => line.slice(1, -1).replace(/[`¹²³]/g, ""))
  .join("\n");

type Mark = "✓" | "P" | "own" | "—";
const COLUMNS = ["owner", "admin", "security", "finance", "project_admin", "developer", "viewer"] as const;
type Column = (typeof COLUMNS)[number];

function parseTable(table: string): Map<string, Record<Column, Mark>> {
  const rows = new Map<string, Record<Column, Mark>>();
  for (const line of table.trim().split("\n")) {
    const [names, ...cells] = line.split("|").map((c) => c.trim());
    const marks = Object.fromEntries(COLUMNS.map((c, i) => [c, cells[i] as Mark])) as Record<Column, Mark>;
    for (const name of names!.split(",")) rows.set(name.trim(), marks);
  }
  return rows;
}

const EXPECTED = parseTable(DOCS_TABLE);

// The member acts in OWN_PROJECT with their project role; OTHER_PROJECT is in the same
// organization. Keys: one the member owns, one another person owns.
const ME = "usr_me";
const OWN_PROJECT = "prj_own";
const OTHER_PROJECT = "prj_other";
const TARGETS = {
  "own project": { kind: "project", projectId: OWN_PROJECT },
  "another project": { kind: "project", projectId: OTHER_PROJECT },
  "own key": { kind: "key", projectId: OWN_PROJECT, ownerUserId: ME },
  "another person's key": { kind: "key", projectId: OWN_PROJECT, ownerUserId: "usr_someone" },
  "a key in another project": { kind: "key", projectId: OTHER_PROJECT, ownerUserId: ME },
  organization: { kind: "organization" },
  "projects list": { kind: "projects" },
} satisfies Record<string, Target>;
type TargetName = keyof typeof TARGETS;

/** What the spec's mark means for a member on each target. */
function memberAnswer(mark: Mark, target: TargetName): boolean {
  switch (mark) {
    case "✓":
      return true;
    case "—":
      return false;
    case "P": // anything inside their project, and the list (narrowed to their projects)
      return ["own project", "own key", "another person's key", "projects list"].includes(target);
    case "own": // their own keys in their project; on the project itself: acting on their own keys
      return ["own project", "own key", "projects list"].includes(target);
  }
}

const user: Actor = { type: "user", userId: ME, email: "me@example.test", name: null };
const principal = (role: OrgRole, projectRole?: ProjectRole, actor: Actor = user): Principal => ({
  actor,
  organizationId: "org_mine",
  role,
  projectRoles: new Map(projectRole ? [[OWN_PROJECT, projectRole]] : []),
});

describe("the permission matrix", () => {
  it("has a spec row for every permission, and no row for an unknown one", () => {
    const missing = PERMISSIONS.filter((p) => !EXPECTED.has(p));
    expect(missing, "permissions without a row in docs/rbac.md").toEqual([]);
    expect([...EXPECTED.keys()].filter((p) => !(PERMISSIONS as readonly string[]).includes(p))).toEqual([]);
    for (const [permission, marks] of EXPECTED) {
      for (const column of COLUMNS) expect(["✓", "P", "own", "—"], `${permission} ${column}`).toContain(marks[column]);
    }
  });

  const orgRoles = ORG_ROLES.filter((r): r is Exclude<OrgRole, "member"> => r !== "member");

  describe.each(orgRoles)("organization role %s", (role) => {
    it.each(PERMISSIONS.map((p) => [p]))("%s on every target", (permission: Permission) => {
      const allowed = EXPECTED.get(permission)![role] === "✓";
      for (const [name, target] of Object.entries(TARGETS)) {
        expect(can(principal(role), permission, target), name).toBe(allowed);
        // an admin key carries exactly the permissions of its role
        const key: Actor = { type: "admin_key", keyId: "adk_1", name: "key" };
        expect(can(principal(role, undefined, key), permission, target), `${name} (admin key)`).toBe(allowed);
      }
    });
  });

  describe.each(PROJECT_ROLES)("member with project role %s", (projectRole) => {
    it.each(PERMISSIONS.map((p) => [p]))("%s on every target", (permission: Permission) => {
      const mark = EXPECTED.get(permission)![projectRole];
      for (const name of Object.keys(TARGETS) as TargetName[]) {
        expect(can(principal("member", projectRole), permission, TARGETS[name]), `${mark} on ${name}`).toBe(memberAnswer(mark, name));
      }
    });
  });

  it("gives a member without a project role only what every member has", () => {
    for (const permission of PERMISSIONS) {
      const everyMember = COLUMNS.slice(4).every((c) => EXPECTED.get(permission)![c] === "✓");
      for (const [name, target] of Object.entries(TARGETS)) {
        expect(can(principal("member"), permission, target), `${permission} on ${name}`).toBe(everyMember);
      }
    }
  });

  it("treats the organization target as the default", () => {
    for (const permission of PERMISSIONS) {
      for (const role of ORG_ROLES) {
        expect(can(principal(role, "project_admin"), permission)).toBe(can(principal(role, "project_admin"), permission, TARGETS.organization));
      }
    }
  });

  it("lists an organization role's permissions, for navigation and admin-key limits", () => {
    for (const role of orgRoles) {
      const expected = PERMISSIONS.filter((p) => EXPECTED.get(p)![role] === "✓");
      expect([...orgPermissions(role)].sort(), role).toEqual([...expected].sort());
    }
  });

  it("lets only an owner hold every permission an owner key would carry", () => {
    const mayCreate = (creator: OrgRole, keyRole: OrgRole) =>
      [...orgPermissions(keyRole)].every((p) => orgPermissions(creator).has(p));
    for (const creator of ADMIN_KEY_ROLES) expect(mayCreate(creator, "owner"), creator).toBe(creator === "owner");
    expect(mayCreate("admin", "admin")).toBe(true);
    expect(mayCreate("admin", "finance")).toBe(false);
  });

  it("narrows a member's project lists to the projects their role covers", () => {
    const p = principal("member", "developer");
    expect(projectScope(p, "project.read")).toEqual([OWN_PROJECT]);
    expect(projectScope(p, "project.update")).toEqual([]);
    expect(projectScope(principal("finance"), "project.read")).toBeNull();
    expect(projectScope(principal("finance"), "key.read")).toEqual([]);
  });
});

describe("custom roles", () => {
  const customRole = (permission: Permission) => ({ id: "role_00000000000000000000", name: `only ${permission}`, permissions: new Set([permission]) });

  it.each(grantablePermissions("organization").map((p) => [p]))(
    "an organization role holding exactly %s may do exactly that (and what every member may), everywhere in the organization",
    (permission: Permission) => {
      const p: Principal = { ...principal("member"), customRole: customRole(permission) };
      for (const other of PERMISSIONS) {
        const expected = other === permission || EVERYONE.includes(other);
        for (const [name, target] of Object.entries(TARGETS)) expect(can(p, other, target), `${other} on ${name}`).toBe(expected);
      }
      const key: Principal = { ...p, actor: { type: "admin_key", keyId: "adk_1", name: "key" } };
      expect(can(key, permission), "an admin key carrying it").toBe(true);
    },
  );

  it.each(grantablePermissions("project").map((p) => [p]))(
    "a project role holding exactly %s may do exactly that, only in the project where it is held",
    (permission: Permission) => {
      const p: Principal = { ...principal("member"), projectRoles: new Map([[OWN_PROJECT, customRole(permission)]]) };
      for (const other of PERMISSIONS) {
        const inProject = other === permission;
        const everyone = EVERYONE.includes(other);
        for (const name of ["own project", "own key", "another person's key", "projects list"] as const) {
          expect(can(p, other, TARGETS[name]), `${other} on ${name}`).toBe(inProject || everyone);
        }
        for (const name of ["another project", "a key in another project", "organization"] as const) {
          expect(can(p, other, TARGETS[name]), `${other} on ${name}`).toBe(everyone);
        }
      }
      expect(projectScope(p, permission)).toEqual([OWN_PROJECT]);
    },
  );

  it("never offers org.delete, org.transfer or admin_key.manage, and offers a project role only project permissions", () => {
    for (const p of BUILT_IN_ONLY) expect(grantablePermissions("organization")).not.toContain(p);
    expect(grantablePermissions("project").sort()).toEqual([...PROJECT_PERMISSIONS].sort());
    expect(PROJECT_PERMISSIONS).not.toContain("billing.read");
  });

  it("lets nobody give a custom role holding a permission they lack, nor act on its holders", () => {
    const budget = { role: "member" as const, custom: customRole("budget.manage") };
    const keys = { role: "member" as const, custom: customRole("key.read") };
    expect(mayGrant(principal("admin"), budget)).toBe(false);
    expect(mayManage(principal("admin"), budget)).toBe(false);
    expect(mayGrant(principal("admin"), keys)).toBe(true);
    expect(mayGrant(principal("finance"), budget)).toBe(true);
    expect(mayGrant(principal("owner"), budget)).toBe(true);
    // a custom role holder ranks as a member: never gives a built-in role above member
    const people: Principal = { ...principal("member"), customRole: { ...customRole("member.update"), permissions: new Set(["member.update", "member.invite", "key.read"] as Permission[]) } };
    expect(mayGrant(people, { role: "admin", custom: null })).toBe(false);
    expect(mayGrant(people, keys)).toBe(true);
    expect(mayGrant(people, budget)).toBe(false);
  });
});
