import { describe, expect, it } from "vitest";
import type { SsoConnection } from "@/db/schema";
import type { CustomGrant, Permission } from "@/lib/rbac";
import { mappedRole, roleAfterSignIn } from "./complete";

// Group mappings with custom roles (docs/rbac.md, Custom roles): the strongest mapped role wins,
// and SSO never raises an existing member.
const grant = (id: string, ...permissions: Permission[]): CustomGrant => ({ id, name: id, permissions: new Set(permissions) });
const AUDITOR = "role_auditor0000000000000";
const BIG = "role_big00000000000000000";
const custom = new Map([
  [AUDITOR, grant(AUDITOR, "audit.read")],
  [BIG, grant(BIG, "audit.read", "key.read", "usage.read")],
]);
const conn = (mapping: Record<string, string>) =>
  ({ groupsClaim: "groups", defaultRole: "member", groupRoleMapping: mapping }) as unknown as SsoConnection;

describe("SSO group mapping with custom roles", () => {
  it("maps a group to a custom role, and prefers a built-in role above member, then the larger custom role", () => {
    const c = conn({ auditors: AUDITOR, big: BIG, admins: "admin", members: "member" });
    expect(mappedRole(c, ["auditors"], custom)).toBe(AUDITOR);
    expect(mappedRole(c, ["auditors", "members"], custom)).toBe(AUDITOR);
    expect(mappedRole(c, ["auditors", "big"], custom)).toBe(BIG);
    expect(mappedRole(c, ["auditors", "admins"], custom)).toBe("admin");
    expect(mappedRole(conn({ gone: "role_deleted000000000000" }), ["gone"], custom)).toBeNull();
  });

  it("gives a newcomer the mapped custom role, and never raises an existing member", () => {
    const c = conn({ auditors: AUDITOR, big: BIG });
    expect(roleAfterSignIn(c, null, ["auditors"], custom)).toBe(AUDITOR);
    expect(roleAfterSignIn(c, "member", ["auditors"], custom)).toBe("member");
    expect(roleAfterSignIn(c, AUDITOR, ["big"], custom)).toBe(AUDITOR);
    // a demotion is applied: the big role's holder mapped to the auditor role
    expect(roleAfterSignIn(c, BIG, ["auditors"], custom)).toBe(AUDITOR);
    expect(roleAfterSignIn(c, "admin", ["auditors"], custom)).toBe(AUDITOR);
    expect(roleAfterSignIn(c, "owner", ["auditors"], custom)).toBe("owner");
  });
});
