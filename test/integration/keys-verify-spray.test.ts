import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { POST as verifyRoute } from "@/app/api/v1/keys/verify/route";
import { currentDriver } from "@/db/client";
import { keyCache } from "@/lib/keys/cache";
import { generateSecret, hashSecret, isWellFormed, visibleParts } from "@/lib/keys/format";
import { KEY_CHANGES_CHANNEL, onKeyChangeNotification } from "@/lib/keys/invalidation";
import { keyFilter } from "@/lib/keys/key-filter";
import { loadKeyRecord } from "@/lib/keys/record";
import { apiRequest, createOrg, createTestProject, type OrgFixture } from "../factories";
import { createTeamKey, PLATFORM } from "../key-factories";

// A caller spraying well-formed unknown keys (valid checksum) must cost what a known key
// costs: the filter of known secret hashes answers NOT_FOUND with no database access, and
// a key created anywhere verifies on this node within a second (docs/architecture.md).
const databaseUrl = inject("databaseUrl");

vi.mock(import("@/lib/keys/record"), async (importOriginal) => {
  const mod = await importOriginal();
  return { ...mod, loadKeyRecord: vi.fn(mod.loadKeyRecord) };
});

/** Counts every statement sent to the database driver, whichever driver the project runs. */
function countQueries() {
  const driver = currentDriver();
  return driver.kind === "postgres" ? vi.spyOn(driver.client, "unsafe") : vi.spyOn(driver.client, "query");
}

/** POST /keys/verify through the route handler, answering the raw status and bytes. */
async function verifyRaw(key: string) {
  const res = await verifyRoute(apiRequest("POST", "/keys/verify", { headers: PLATFORM, body: { key } }));
  return { status: res.status, text: await res.text() };
}

/** Polls until the key verifies; answers how long that took (ms). */
async function untilValid(secret: string, limitMs = 1000) {
  const start = Date.now();
  for (;;) {
    const { text } = await verifyRaw(secret);
    if (JSON.parse(text).code === "VALID") return Date.now() - start;
    if (Date.now() - start > limitMs) throw new Error(`still ${text} after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let fx: OrgFixture;
let projectId: string;
let olderKey: string;
let notFoundBefore: { status: number; text: string };

beforeAll(async () => {
  fx = await createOrg();
  projectId = (await createTestProject(fx)).id;
  olderKey = (await createTeamKey(fx, projectId)).secret;
  // until the filter has loaded, an unknown key takes today's path: one lookup
  notFoundBefore = await verifyRaw(generateSecret("team"));
  expect(loadKeyRecord).toHaveBeenCalledTimes(1);
  expect(keyFilter().ready).toBe(false);
  keyFilter().start();
  const start = Date.now();
  while (!keyFilter().ready && Date.now() - start < 10_000) await new Promise((r) => setTimeout(r, 10));
  expect(keyFilter().ready).toBe(true);
});

describe("sprayed unknown keys", () => {
  it("answers 10,000 well-formed unknown keys NOT_FOUND, byte for byte, with no lookup but the filter's rare false positives", async () => {
    const sprayed = Array.from({ length: 10_000 }, () => generateSecret("team"));
    for (const key of sprayed.slice(0, 100)) expect(isWellFormed(key, "team")).toBe(true);
    vi.mocked(loadKeyRecord).mockClear();
    const cacheBefore = keyCache().size;
    const queries = countQueries();
    const started = Date.now();

    for (const key of sprayed) expect(await verifyRaw(key)).toEqual(notFoundBefore);

    const seconds = Math.ceil((Date.now() - started) / 1000);
    const lookups = vi.mocked(loadKeyRecord).mock.calls.length;
    expect(lookups).toBeLessThanOrEqual(3); // ~0.05 % at capacity, far fewer with a near-empty filter
    // besides those, only the delta of new secrets, at most about once a second
    expect(queries.mock.calls.length).toBeLessThanOrEqual(lookups + seconds + 1);
    // nor do they push known keys out of the cache with negative entries
    expect(keyCache().size).toBeLessThanOrEqual(cacheBefore + lookups);
    queries.mockRestore();
  });

  it("still verifies a key that existed before the filter loaded, and one created just now on this node", async () => {
    expect(JSON.parse((await verifyRaw(olderKey)).text).code).toBe("VALID");
    const fresh = await createTeamKey(fx, projectId);
    const queries = countQueries();
    vi.mocked(loadKeyRecord).mockClear();
    expect(JSON.parse((await verifyRaw(fresh.secret)).text)).toMatchObject({ valid: true, code: "VALID", keyId: fresh.key.id });
    expect(loadKeyRecord).toHaveBeenCalledTimes(1); // the record's one lookup: no wait for a delta
    expect(queries).toHaveBeenCalledTimes(1);
    queries.mockRestore();
  });
});

describe.runIf(databaseUrl)("keys created on another node", () => {
  let listener: postgres.Sql;
  let otherNode: postgres.Sql;

  beforeAll(async () => {
    listener = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
    otherNode = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
    await listener.listen(KEY_CHANGES_CHANNEL, onKeyChangeNotification); // what server.ts does
  });

  afterAll(async () => {
    await listener?.end({ timeout: 5 });
    await otherNode?.end({ timeout: 5 });
  });

  /** Another node creates a key: its rows straight into PostgreSQL, with or without the notification. */
  async function createElsewhere(notify: boolean) {
    const secret = generateSecret("team");
    const id = `key_other_${randomUUID()}`;
    const [env] = await otherNode`select id from environments where project_id = ${projectId} and name = 'development'`;
    await otherNode.begin(async (tx) => {
      await tx`insert into api_keys (id, organization_id, project_id, environment_id, name, owner_user_id, start, last4)
        values (${id}, ${fx.org.id}, ${projectId}, ${env!.id}, 'elsewhere', ${fx.owner.id}, ${visibleParts(secret, "team").start}, ${visibleParts(secret, "team").last4})`;
      await tx`insert into api_key_secrets (secret_hash, key_id) values (${hashSecret(secret)}, ${id})`;
      if (notify) await tx`select pg_notify(${KEY_CHANGES_CHANNEL}, ${JSON.stringify({ kind: "key", id })})`;
    });
    return secret;
  }

  /** A miss now, so the filter has just read its delta: the new key cannot be in it by luck. */
  const freshenFilter = () => verifyRaw(generateSecret("team"));

  it("verifies a key another node created as soon as its notification arrives", async () => {
    await freshenFilter();
    const secret = await createElsewhere(true);
    expect(await untilValid(secret)).toBeLessThan(500);
  });

  it("verifies it within a second without the notification too (the delta query)", async () => {
    await freshenFilter();
    const secret = await createElsewhere(false);
    expect(JSON.parse((await verifyRaw(secret)).text).code).toBe("NOT_FOUND"); // the filter is fresh and has not seen it
    expect(await untilValid(secret)).toBeLessThan(1000);
  });
});
