import { describe, expect, it } from "vitest";
import type { CustomGrant, Principal } from "./authorize";
import { mayCreateProductionKeys } from "./questions";

// The one answer the key service enforces and the create-key form follows.
describe("mayCreateProductionKeys", () => {
  const policy = { productionKeyRoles: ["project_admin"] };
  const actor = { type: "user" as const, userId: "usr_1", email: "a@example.test", name: null };
  const principal = (role: Principal["role"], projectRoles: Principal["projectRoles"] = new Map(), customRole: CustomGrant | null = null): Principal => ({
    actor,
    organizationId: "org_1",
    role,
    customRole,
    projectRoles,
  });
  const custom = (...permissions: CustomGrant["permissions"] extends ReadonlySet<infer P> ? P[] : never): CustomGrant => ({ id: "role_x", name: "Custom", permissions: new Set(permissions) });

  it("lets owners and admins create production keys (key.create_production), not security or finance", () => {
    expect(mayCreateProductionKeys(principal("owner"), "prj_1", policy)).toBe(true);
    expect(mayCreateProductionKeys(principal("admin"), "prj_1", policy)).toBe(true);
    expect(mayCreateProductionKeys(principal("security"), "prj_1", policy)).toBe(false);
    expect(mayCreateProductionKeys(principal("finance"), "prj_1", policy)).toBe(false);
  });

  it("lets a member do so only with a project role the policy lists, in that project", () => {
    const member = (roles: [string, "project_admin" | "developer" | "viewer"][]) => principal("member", new Map(roles));
    expect(mayCreateProductionKeys(member([["prj_1", "project_admin"]]), "prj_1", policy)).toBe(true);
    expect(mayCreateProductionKeys(member([["prj_1", "developer"]]), "prj_1", policy)).toBe(false);
    expect(mayCreateProductionKeys(member([["prj_2", "project_admin"]]), "prj_1", policy)).toBe(false);
    expect(mayCreateProductionKeys(member([["prj_1", "developer"]]), "prj_1", { productionKeyRoles: ["project_admin", "developer"] })).toBe(true);
  });

  it("lets a custom role do so only when it holds key.create_production, organization-wide or in that project", () => {
    expect(mayCreateProductionKeys(principal("member", new Map(), custom("key.create_production")), "prj_1", policy)).toBe(true);
    expect(mayCreateProductionKeys(principal("member", new Map(), custom("key.create")), "prj_1", policy)).toBe(false);
    expect(mayCreateProductionKeys(principal("member", new Map([["prj_1", custom("key.create_production")]])), "prj_1", policy)).toBe(true);
    expect(mayCreateProductionKeys(principal("member", new Map([["prj_2", custom("key.create_production")]])), "prj_1", policy)).toBe(false);
  });
});
