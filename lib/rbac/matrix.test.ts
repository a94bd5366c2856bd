import { describe, expect, it } from "vitest";
import { can, orgPermissions, projectScope, type Actor, type Principal, type Target } from "./authorize";
import { ADMIN_KEY_ROLES, ORG_ROLES, PERMISSIONS, PROJECT_ROLES, type OrgRole, type Permission, type ProjectRole } from "./permissions";

// The permission matrix of shared/spec/rbac.md, transcribed by hand from the spec (not from
// matrix.ts), then every permission × role × target is checked against `can()`.
// ✓ allowed; P only in projects where the member has that project role; own only for keys
// the member owns; — denied. The other-organization half (another organization's object
// answers 404) is checked by test/integration/security.test.ts, where targets come from rows.
// Columns: owner admin security finance | project_admin developer viewer.
const SPEC_TABLE = `
org.read                                 | ✓ | ✓ | ✓ | ✓ | ✓   | ✓   | ✓
org.update                               | ✓ | ✓ | — | — | —   | —   | —
org.delete, org.transfer                 | ✓ | — | — | — | —   | —   | —
member.read                              | ✓ | ✓ | ✓ | ✓ | ✓   | ✓   | ✓
member.invite, member.update, member.remove | ✓ | ✓ | — | — | — | —   | —
project.create                           | ✓ | ✓ | — | — | —   | —   | —
project.read                             | ✓ | ✓ | ✓ | ✓ | P   | P   | P
project.update, project.archive, project.members | ✓ | ✓ | — | — | P | — | —
key.read                                 | ✓ | ✓ | ✓ | — | P   | P   | P
key.create, key.rotate, key.update       | ✓ | ✓ | — | — | P   | own | —
key.revoke                               | ✓ | ✓ | ✓ | — | P   | own | —
admin_key.manage                         | ✓ | ✓ | — | — | —   | —   | —
usage.read                               | ✓ | ✓ | ✓ | ✓ | P   | P   | P
budget.manage                            | ✓ | — | — | ✓ | —   | —   | —
billing.read                             | ✓ | ✓ | — | ✓ | —   | —   | —
billing.manage                           | ✓ | — | — | ✓ | —   | —   | —
security.read                            | ✓ | ✓ | ✓ | — | —   | —   | —
security.manage                          | ✓ | — | ✓ | — | —   | —   | —
audit.read                               | ✓ | ✓ | ✓ | — | —   | —   | —
webhook.read, webhook.manage             | ✓ | ✓ | — | — | —   | —   | —
`;

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

const EXPECTED = parseTable(SPEC_TABLE);

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
    expect(missing, "permissions without a row in SPEC_TABLE").toEqual([]);
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
