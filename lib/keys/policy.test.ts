import { describe, expect, it } from "vitest";
import { mayCreateProductionKeys } from "./policy";

// The one answer the key service enforces and the create-key form follows.
describe("mayCreateProductionKeys", () => {
  const policy = { productionKeyRoles: ["project_admin"] };
  const member = (roles: [string, "project_admin" | "developer" | "viewer"][]) => ({ role: "member" as const, projectRoles: new Map(roles) });

  it("lets every organization role above member create production keys", () => {
    for (const role of ["owner", "admin", "security", "finance"] as const) {
      expect(mayCreateProductionKeys({ role, projectRoles: new Map() }, "prj_1", policy)).toBe(true);
    }
  });

  it("lets a member do so only with a project role the policy lists, in that project", () => {
    expect(mayCreateProductionKeys(member([["prj_1", "project_admin"]]), "prj_1", policy)).toBe(true);
    expect(mayCreateProductionKeys(member([["prj_1", "developer"]]), "prj_1", policy)).toBe(false);
    expect(mayCreateProductionKeys(member([["prj_2", "project_admin"]]), "prj_1", policy)).toBe(false);
    expect(mayCreateProductionKeys(member([["prj_1", "developer"]]), "prj_1", { productionKeyRoles: ["project_admin", "developer"] })).toBe(true);
  });
});
