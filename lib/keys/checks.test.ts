import { describe, expect, it } from "vitest";
import { normalizeRoute, RECORD_CHECKS, VERIFY_CODES, type CheckResult, type RefusalCode, type VerifyInput } from "./checks";
import { parseRange, type IpRange } from "./ip";
import type { KeyRecord } from "./record";

const NOW = Date.parse("2030-06-01T12:00:00.000Z");
const CATALOG: ReadonlySet<string> = new Set(["openai/gpt-4o", "openai/gpt-4o-mini", "anthropic/claude-opus-4"]);

function record(over: Partial<KeyRecord> = {}): KeyRecord {
  const ipAllowlist = over.ipAllowlist ?? [];
  return {
    keyId: "key_test",
    name: "test key",
    organizationId: "org_test",
    projectId: "prj_test",
    environment: "production",
    owner: { type: "user", id: "usr_test" },
    secretExpiresAt: null,
    revokedAt: null,
    expiresAt: null,
    projectArchived: false,
    ipAllowlist,
    ipRanges: ipAllowlist.map(parseRange).filter((r): r is IpRange => r !== null),
    allowedRoutes: [],
    models: { organization: [], project: [], key: [] },
    rateLimitPerMinute: null,
    limits: { budgets: [], rates: [] },
    ...over,
  };
}

/** Runs the one check that answers `code`. */
function check(code: RefusalCode, r: KeyRecord, input: Partial<VerifyInput> = {}, now = NOW): CheckResult {
  const c = RECORD_CHECKS.find((x) => x.code === code);
  if (!c) throw new Error(`no check for ${code}`);
  return c.run(r, { key: "", ...input }, now, CATALOG);
}

describe("the checks after lookup", () => {
  it("run in the order of docs/api.md", () => {
    expect(RECORD_CHECKS.map((c) => c.code)).toEqual(["REVOKED", "EXPIRED", "PROJECT_ARCHIVED", "IP_NOT_ALLOWED", "ROUTE_NOT_ALLOWED", "MODEL_NOT_ALLOWED"]);
    expect(VERIFY_CODES).toEqual(["VALID", "NOT_FOUND", ...RECORD_CHECKS.map((c) => c.code), "BUDGET_EXCEEDED", "RATE_LIMITED"]); // limits after the record checks
  });

  it("all pass for an unrestricted key, each with a message", () => {
    for (const c of RECORD_CHECKS) {
      const result = c.run(record(), { key: "", model: "openai/gpt-4o", route: "/v1/chat/completions", ip: "10.1.2.3" }, NOW, CATALOG);
      expect(result.passed, c.name).toBe(true);
      expect(result.message.length, c.name).toBeGreaterThan(0);
    }
  });
});

describe("REVOKED", () => {
  it("fails at the key level for a revoked key", () => {
    expect(check("REVOKED", record({ revokedAt: NOW - 1 }))).toMatchObject({ passed: false, level: "key", message: expect.stringContaining("revoked") });
    expect(check("REVOKED", record()).passed).toBe(true);
  });
});

describe("EXPIRED", () => {
  it("passes until the millisecond before expiresAt and fails from expiresAt on", () => {
    const r = record({ expiresAt: NOW });
    expect(check("EXPIRED", r, {}, NOW - 1)).toMatchObject({ passed: true, level: "key" });
    expect(check("EXPIRED", r, {}, NOW)).toMatchObject({ passed: false, level: "key", message: expect.stringContaining("expired") });
    expect(check("EXPIRED", r, {}, NOW + 1).passed).toBe(false);
  });

  it("refuses a rotated secret once its grace period has ended", () => {
    const r = record({ secretExpiresAt: NOW });
    expect(check("EXPIRED", r, {}, NOW - 1)).toMatchObject({ passed: true, message: expect.stringContaining("rotated") });
    expect(check("EXPIRED", r, {}, NOW)).toMatchObject({ passed: false, level: "key", message: expect.stringContaining("grace period") });
  });

  it("applies the key's expiry to a rotated secret still in its grace period", () => {
    expect(check("EXPIRED", record({ expiresAt: NOW - 1, secretExpiresAt: NOW + 60_000 })).passed).toBe(false);
  });
});

describe("PROJECT_ARCHIVED", () => {
  it("fails at the project level", () => {
    expect(check("PROJECT_ARCHIVED", record({ projectArchived: true }))).toMatchObject({ passed: false, level: "project" });
    expect(check("PROJECT_ARCHIVED", record())).toMatchObject({ passed: true, level: "project" });
  });
});

describe("IP_NOT_ALLOWED", () => {
  const limited = record({ ipAllowlist: ["10.0.0.0/8", "2001:db8::/32"] });

  it("passes any caller when the key has no allowlist, even without an IP", () => {
    expect(check("IP_NOT_ALLOWED", record()).passed).toBe(true);
  });

  it("checks IPv4, IPv6 and IPv4-mapped callers at the key level", () => {
    expect(check("IP_NOT_ALLOWED", limited, { ip: "10.9.8.7" }).passed).toBe(true);
    expect(check("IP_NOT_ALLOWED", limited, { ip: "2001:db8:1::5" }).passed).toBe(true);
    expect(check("IP_NOT_ALLOWED", limited, { ip: "::ffff:10.1.2.3" }).passed).toBe(true);
    for (const ip of ["11.0.0.1", "2001:db9::1", "::ffff:192.168.0.1"]) {
      expect(check("IP_NOT_ALLOWED", limited, { ip }), ip).toMatchObject({ passed: false, level: "key", message: expect.stringContaining("not in the key's allowlist") });
    }
  });

  it("matches callers against an IPv4-mapped CIDR entry", () => {
    const mapped = record({ ipAllowlist: ["::ffff:10.0.0.0/104"] });
    expect(check("IP_NOT_ALLOWED", mapped, { ip: "10.1.2.3" }).passed).toBe(true);
    expect(check("IP_NOT_ALLOWED", mapped, { ip: "::ffff:10.1.2.3" }).passed).toBe(true);
    expect(check("IP_NOT_ALLOWED", mapped, { ip: "11.1.2.3" }).passed).toBe(false);
  });

  it("fails closed when the caller's IP is missing or unreadable", () => {
    expect(check("IP_NOT_ALLOWED", limited)).toMatchObject({ passed: false, message: expect.stringContaining("not given") });
    expect(check("IP_NOT_ALLOWED", limited, { ip: "nonsense" }).passed).toBe(false);
    // an allowlist whose entries cannot be read lets nobody in
    expect(check("IP_NOT_ALLOWED", record({ ipAllowlist: ["garbage"] }), { ip: "10.1.2.3" }).passed).toBe(false);
  });
});

describe("normalizeRoute", () => {
  it.each([
    ["/v1/chat/completions", "/v1/chat/completions"],
    ["/v1/chat/completions/", "/v1/chat/completions"],
    ["/v1/chat/completions?stream=true", "/v1/chat/completions"],
    ["/v1/chat/completions/?x=1", "/v1/chat/completions"],
    ["/", "/"],
    ["/v1//chat///completions", "/v1/chat/completions"],
    ["/v1/chat/./completions", "/v1/chat/completions"],
    ["/v1/chat/../embeddings", "/v1/embeddings"],
    ["/v1/chat/%2e%2e/embeddings", "/v1/embeddings"],
    ["/v1/chat/completions#frag", "/v1/chat/completions"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeRoute(input)).toBe(expected);
  });
});

describe("ROUTE_NOT_ALLOWED", () => {
  const limited = record({ allowedRoutes: ["/v1/chat/completions", "/v1/embeddings*"] });

  it("passes every route when the key has no route list", () => {
    expect(check("ROUTE_NOT_ALLOWED", record()).passed).toBe(true);
    expect(check("ROUTE_NOT_ALLOWED", record(), { route: "/v1/anything" }).passed).toBe(true);
  });

  it("matches exact routes and patterns after normalization, at the key level", () => {
    for (const route of ["/v1/chat/completions", "/v1/chat/completions/", "/v1/chat/completions?stream=true", "/v1/embeddings", "/v1/embeddings/batch"]) {
      expect(check("ROUTE_NOT_ALLOWED", limited, { route }).passed, route).toBe(true);
    }
    for (const route of ["/v1/chat", "/v1/chat/completions/extra", "/v1/images", "/V1/CHAT/COMPLETIONS"]) {
      expect(check("ROUTE_NOT_ALLOWED", limited, { route }), route).toMatchObject({ passed: false, level: "key" });
    }
  });

  it("does not let dot segments climb out of an allowed prefix", () => {
    const chatOnly = record({ allowedRoutes: ["/v1/chat/*"] });
    expect(check("ROUTE_NOT_ALLOWED", chatOnly, { route: "/v1/chat/completions" }).passed).toBe(true);
    expect(check("ROUTE_NOT_ALLOWED", chatOnly, { route: "/v1/chat/../embeddings" }).passed).toBe(false);
  });

  it("fails when the key is limited and no route is given", () => {
    expect(check("ROUTE_NOT_ALLOWED", limited)).toMatchObject({ passed: false, level: "key", message: expect.stringContaining("no route") });
  });
});

describe("MODEL_NOT_ALLOWED", () => {
  it("passes a call that names no model", () => {
    expect(check("MODEL_NOT_ALLOWED", record({ models: { organization: ["openai/*"], project: [], key: [] } })).passed).toBe(true);
  });

  it("refuses a model outside the catalog at the catalog level", () => {
    expect(check("MODEL_NOT_ALLOWED", record(), { model: "openai/gpt-9" })).toMatchObject({ passed: false, level: "catalog" });
  });

  it("names the level whose allowlist refuses the model", () => {
    const model = "anthropic/claude-opus-4";
    const at = (organization: string[], project: string[], key: string[]) => check("MODEL_NOT_ALLOWED", record({ models: { organization, project, key } }), { model });
    expect(at(["openai/*"], [], [])).toMatchObject({ passed: false, level: "organization", message: expect.stringContaining("organization") });
    expect(at([], ["openai/*"], [])).toMatchObject({ passed: false, level: "project" });
    expect(at([], [], ["openai/*"])).toMatchObject({ passed: false, level: "key" });
    expect(at(["anthropic/*"], ["anthropic/claude*"], [model])).toMatchObject({ passed: true });
  });
});
