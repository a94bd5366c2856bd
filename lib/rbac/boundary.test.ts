import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// The authorization boundary of docs/rbac.md (Enforcement): only lib/rbac decides, only the
// wrappers call the decision, and nothing else compares role names or lists roles by hand.

const ROOT = process.cwd();
/** The wrappers: route handlers, server actions, console JSON routes, and the page entry. */
const WRAPPERS = ["lib/server/route.ts", "lib/server/action.ts", "lib/server/console-route.ts", "lib/orgs/context.ts"];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return name === "node_modules" ? [] : sources(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const FILES = ["app", "lib", "components"].flatMap(sources).filter((f) => !f.startsWith(`lib${"/"}rbac/`));
const text = (file: string) => readFileSync(join(ROOT, file), "utf8");
const ROLES = "owner|admin|security|finance|member|project_admin|developer|viewer";

/**
 * Places that compare a role for what it IS, not for what it may do — each with its reason.
 * Anything else comparing a role name is a permission decided by hand.
 */
const NOT_PERMISSIONS: Record<string, string> = {
  "lib/members/update-member.ts": "the organization keeps an owner; project roles exist for `member`s only",
  "lib/members/remove-member.ts": "the organization keeps an owner",
  "lib/members/transfer-ownership.ts": "handing ownership to someone already an owner is a conflict",
  "lib/members/project-roles.ts": "project roles exist for `member`s only",
  "lib/members/project-members.ts": "project roles exist for `member`s only",
  "lib/members/accept.ts": "project roles exist for `member`s only",
  "lib/governance/people.ts": "the overview counts owners and admins by name",
};

describe("the authorization boundary", () => {
  it("lets only lib/rbac and the wrappers import the decision functions", () => {
    const offenders = FILES.filter((f) => !WRAPPERS.includes(f)).filter((f) =>
      /import\s*{[^}]*\b(can|authorize|ORG_GRANTS|PROJECT_GRANTS|ORG_ROLE_RANK)\b[^}]*}\s*from\s*"@\/lib\/rbac/.test(text(f)),
    );
    expect(offenders, "decide through lib/rbac's questions or the wrapper's context instead").toEqual([]);
  });

  it("has no role compared by name outside lib/rbac, except where a role is a fact and not a permission", () => {
    const compare = new RegExp(`\\b[rR]ole\\s*[!=]==\\s*"(${ROLES})"|"(${ROLES})"\\s*[!=]==\\s*\\w*[rR]ole\\b`);
    const sqlCompare = new RegExp(`role\\s*(=|<>|!=|in\\s*\\()\\s*'(${ROLES})'`);
    const offenders = FILES.filter((f) => !NOT_PERMISSIONS[f]).flatMap((f) =>
      text(f)
        .split("\n")
        .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
        .filter(({ line }) => compare.test(line) || sqlCompare.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offenders, "ask lib/rbac (can via the wrapper, mayGrant, holdsOrgWideSql, rolesHolding…)").toEqual([]);
  });

  it("keeps its list of exceptions true (each file still compares a role)", () => {
    const compare = new RegExp(`[rR]ole\\s*[!=]==\\s*"(${ROLES})"`);
    for (const file of Object.keys(NOT_PERMISSIONS)) expect(compare.test(text(file)), file).toBe(true);
  });

  it("catches a hand-written check (the rule can fail)", () => {
    const compare = new RegExp(`\\b[rR]ole\\s*[!=]==\\s*"(${ROLES})"`);
    expect(compare.test('if (ctx.principal.role !== "owner") throw forbidden();')).toBe(true);
    expect(new RegExp(`role\\s*(=|<>|!=|in\\s*\\()\\s*'(${ROLES})'`).test("and m.role <> 'member' or")).toBe(true);
  });

  it("reads the tree it guards", () => {
    expect(FILES.length).toBeGreaterThan(200);
    expect(FILES.map((f) => relative(ROOT, join(ROOT, f)))).toContain("lib/keys/service.ts");
  });
});

describe("the layers (docs/architecture.md, Layers)", () => {
  const imports = (file: string) => [...text(file).matchAll(/^import\s+(type\s+)?[^;]*?from\s+"(@\/[^"]+)"/gms)].map((m) => ({ typeOnly: Boolean(m[1]), path: m[2]! }));

  it("keeps lib/core free of every domain area (a type of lib/rbac's principal aside)", () => {
    const core = sources("lib/core");
    expect(core.length).toBeGreaterThan(5);
    const offenders = core.flatMap((f) =>
      imports(f)
        .filter(({ path, typeOnly }) => !path.startsWith("@/lib/core/") && !(typeOnly && path === "@/lib/rbac"))
        .map(({ path }) => `${f} → ${path}`),
    );
    expect(offenders).toEqual([]);
  });

  it("has lib/server hold only the wrappers and what they are built on, imported by no service", () => {
    // route handler modules that live beside their service (the hot path serves them outside Next.js) are entries, not services
    const entry = (f: string) => /(^|[/-])routes?\.ts$/.test(f);
    const services = FILES.filter((f) => f.startsWith("lib/") && !f.startsWith("lib/server/") && !WRAPPERS.includes(f) && !entry(f));
    const offenders = services.flatMap((f) =>
      imports(f)
        .filter(({ path, typeOnly }) => path.startsWith("@/lib/server/") && !typeOnly)
        .map(({ path }) => `${f} → ${path}`),
    );
    expect(offenders).toEqual([]);
  });
});
