import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { currentDriver, getDb } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { keyCache } from "@/lib/keys/cache";
import { generateSecret, isWellFormed } from "@/lib/keys/format";
import { lastUsed } from "@/lib/keys/last-used";
import { loadKeyRecord } from "@/lib/keys/record";
import { verifyKey } from "@/lib/keys/verify";
import { createOrg, createTestProject, type OrgFixture } from "../factories";
import { createTeamKey, verifyThroughRoute, withBadChecksum } from "../key-factories";

// The hot path's cache (spec/architecture.md): a malformed key or bad checksum is answered
// before any cache or database access; last-used times are written at most once a minute.

// Every lookup of a key record goes through this spy (it still reads the database).
vi.mock(import("@/lib/keys/record"), async (importOriginal) => {
  const mod = await importOriginal();
  return { ...mod, loadKeyRecord: vi.fn(mod.loadKeyRecord) };
});

/** Counts every statement sent to the database driver, whichever driver the project runs. */
function countQueries() {
  const driver = currentDriver();
  return driver.kind === "postgres"
    ? vi.spyOn(driver.client, "unsafe")
    : vi.spyOn(driver.client, "query");
}

let fx: OrgFixture;
let projectId: string;
beforeAll(async () => {
  fx = await createOrg();
  projectId = (await createTestProject(fx)).id;
});
afterEach(() => {
  vi.mocked(loadKeyRecord).mockClear();
  vi.restoreAllMocks();
});

describe("malformed keys", () => {
  it("answers 10,000 right-length, right-prefix secrets with a bad checksum with no lookup at all", async () => {
    const { secret } = await createTeamKey(fx, projectId);
    const bad = Array.from({ length: 10_000 }, (_, i) => withBadChecksum(i === 0 ? secret : generateSecret("team")));
    for (const key of bad) {
      expect(key).toHaveLength(secret.length);
      expect(key.startsWith("anyint_sk_")).toBe(true);
      expect(isWellFormed(key, "team")).toBe(false);
    }
    await verifyKey({ key: generateSecret("team") }); // warm the catalog, outside the count
    const queries = countQueries();
    const sizeBefore = keyCache().size;
    vi.mocked(loadKeyRecord).mockClear();

    for (const key of bad) {
      expect((await verifyKey({ key, model: "openai/gpt-4o" })).code).toBe("NOT_FOUND");
    }

    expect(queries).not.toHaveBeenCalled();
    expect(loadKeyRecord).not.toHaveBeenCalled();
    expect(keyCache().size).toBe(sizeBefore);

    // the same spies do see a lookup: a well-formed unknown key is looked up once, then cached
    const unknown = generateSecret("team");
    expect((await verifyKey({ key: unknown })).code).toBe("NOT_FOUND");
    expect((await verifyKey({ key: unknown })).code).toBe("NOT_FOUND");
    expect(loadKeyRecord).toHaveBeenCalledTimes(1);
    expect(queries).toHaveBeenCalledTimes(1);
    expect(keyCache().size).toBe(sizeBefore + 1);
  });

  it("answers malformed keys through the route with no lookup either", async () => {
    const queries = countQueries();
    for (const key of ["", "anyint_sk_", "anyint_sk_" + "a".repeat(38), generateSecret("admin"), "x".repeat(512)]) {
      expect((await verifyThroughRoute({ key })).body.code).toBe("NOT_FOUND");
    }
    expect(loadKeyRecord).not.toHaveBeenCalled();
    expect(queries).not.toHaveBeenCalled();
  });
});

describe("the cache", () => {
  it("verifies a warm key with no database round trip", async () => {
    const { secret } = await createTeamKey(fx, projectId, { allowedModels: ["openai/*"], ipAllowlist: ["10.0.0.0/8"] });
    expect((await verifyKey({ key: secret, ip: "10.0.0.1" })).code).toBe("VALID");
    const queries = countQueries();
    for (let i = 0; i < 100; i++) {
      expect((await verifyKey({ key: secret, ip: "10.0.0.1", model: "openai/gpt-4o" })).code).toBe("VALID");
      expect((await verifyKey({ key: secret, ip: "10.0.0.1", model: "mistral/mistral-large" })).code).toBe("MODEL_NOT_ALLOWED");
    }
    expect(queries).not.toHaveBeenCalled();
    expect(loadKeyRecord).toHaveBeenCalledTimes(1);
  });
});

describe("last-used tracking", () => {
  async function lastUse(keyId: string) {
    const db = await getDb();
    const [row] = await db.select({ at: apiKeys.lastUsedAt, ip: apiKeys.lastUsedIp }).from(apiKeys).where(eq(apiKeys.id, keyId));
    return row!;
  }

  it("writes last_used_at and last_used_ip at most once per minute per key", async () => {
    const { key, secret } = await createTeamKey(fx, projectId);
    expect(await lastUse(key.id)).toEqual({ at: null, ip: null });

    const t0 = Date.now();
    expect((await verifyKey({ key: secret, ip: "10.0.0.1" }, t0)).code).toBe("VALID");
    expect((await verifyKey({ key: secret, ip: "10.0.0.2" }, t0 + 1000)).code).toBe("VALID");
    expect(await lastUse(key.id)).toEqual({ at: null, ip: null }); // nothing written on the request path
    await lastUsed().flush();
    expect(await lastUse(key.id)).toEqual({ at: new Date(t0), ip: "10.0.0.1" });

    // more uses within the minute write nothing
    expect((await verifyKey({ key: secret, ip: "10.0.0.3" }, t0 + 59_000)).code).toBe("VALID");
    await lastUsed().flush();
    expect(await lastUse(key.id)).toEqual({ at: new Date(t0), ip: "10.0.0.1" });

    // a minute later the next use is written
    expect((await verifyKey({ key: secret, ip: "2001:db8::7" }, t0 + 60_000)).code).toBe("VALID");
    await lastUsed().flush();
    expect(await lastUse(key.id)).toEqual({ at: new Date(t0 + 60_000), ip: "2001:db8::7" });
  });

  it("does not note refused verifications", async () => {
    const { key, secret } = await createTeamKey(fx, projectId, { ipAllowlist: ["10.0.0.0/8"] });
    expect((await verifyKey({ key: secret, ip: "192.168.0.1" })).code).toBe("IP_NOT_ALLOWED");
    await lastUsed().flush();
    expect(await lastUse(key.id)).toEqual({ at: null, ip: null });
  });

  it("writes every pending key in one statement", async () => {
    const keys = await Promise.all([1, 2, 3].map(() => createTeamKey(fx, projectId)));
    await lastUsed().flush();
    for (const k of keys) expect((await verifyKey({ key: k.secret, ip: "10.9.9.9" })).code).toBe("VALID");
    const queries = countQueries();
    expect(await lastUsed().flush()).toBe(3);
    expect(queries).toHaveBeenCalledTimes(1);
    for (const k of keys) expect((await lastUse(k.key.id)).ip).toBe("10.9.9.9");
  });
});
