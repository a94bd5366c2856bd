import { describe, expect, it } from "vitest";
import { can, type Principal, type Target } from "./authorize";
import { holdersPlural, holdersText, listOf, PERMISSION_TEXT, rolesHolding } from "./holders";
import { ORG_ROLES, PERMISSIONS, PROJECT_ROLES, type OrgRole, type ProjectRole } from "./permissions";

const ME = "usr_me";
const PROJECT = "prj_mine";
const principal = (role: OrgRole, projectRole?: ProjectRole): Principal => ({
  actor: { type: "user", userId: ME, email: "me@example.test", name: null },
  organizationId: "org_mine",
  role,
  projectRoles: new Map(projectRole ? [[PROJECT, projectRole]] : []),
});
const ORGANIZATION: Target = { kind: "organization" };
const OWN_KEY: Target = { kind: "key", projectId: PROJECT, ownerUserId: ME };
const OTHERS_KEY: Target = { kind: "key", projectId: PROJECT, ownerUserId: "usr_other" };

describe("rolesHolding", () => {
  // the answer must be the one decision point's, for every permission and every role
  it.each(PERMISSIONS.map((p) => [p]))("agrees with can() for %s", (permission) => {
    const { organization, project } = rolesHolding(permission);
    expect(organization.map((h) => h.role)).toEqual(ORG_ROLES.filter((r) => can(principal(r), permission, ORGANIZATION)));
    // a project role holds it when it adds it to what every member has
    const everyMember = can(principal("member"), permission, OWN_KEY);
    expect(project.map((h) => h.role)).toEqual(PROJECT_ROLES.filter((r) => !everyMember && can(principal("member", r), permission, OWN_KEY)));
    for (const h of project) expect(h.ownKeysOnly, h.role).toBe(!can(principal("member", h.role), permission, OTHERS_KEY));
  });

  it("names the roles of the matrix with their labels", () => {
    expect(rolesHolding("billing.read")).toEqual({
      organization: [
        { role: "owner", label: "Owner" },
        { role: "admin", label: "Admin" },
        { role: "finance", label: "Finance owner" },
      ],
      project: [],
    });
    expect(rolesHolding("key.create").project).toEqual([
      { role: "project_admin", label: "Project admin", ownKeysOnly: false },
      { role: "developer", label: "Developer", ownKeysOnly: true },
    ]);
    expect(rolesHolding("project.read").project.map((h) => h.label)).toEqual(["Project admin", "Developer", "Viewer"]);
  });

  it("has plain words for every permission", () => {
    for (const p of PERMISSIONS) expect(PERMISSION_TEXT[p], p).toMatch(/^[a-z]/);
  });
});

describe("the copy built from it", () => {
  it("lists roles in words", () => {
    expect(listOf([])).toBe("");
    expect(listOf(["Owner"])).toBe("Owner");
    expect(listOf(["Owner", "Admin"])).toBe("Owner or Admin");
    expect(listOf(["Owner", "Admin", "Finance owner"], "and")).toBe("Owner, Admin and Finance owner");
    expect(holdersPlural(rolesHolding("project.members").organization)).toBe("Owners and Admins");
  });

  it("says who holds a permission, with project roles where a project is concerned", () => {
    expect(holdersText("org.update")).toBe("the Owner or Admin role");
    expect(holdersText("security.manage")).toBe("the Owner or Security owner role");
    expect(holdersText("budget.manage", "project")).toBe("the Owner or Finance owner role");
    expect(holdersText("project.update", "project")).toBe("the Owner or Admin role, or the Project admin role in the project");
    expect(holdersText("key.update", "project")).toBe(
      "the Owner or Admin role, or the Project admin role in the project, or the Developer role for their own keys",
    );
    // project roles never count organization-wide
    expect(holdersText("key.update")).toBe("the Owner or Admin role");
    expect(holdersText("org.read")).toBe("any role");
  });
});
