import { beforeAll, describe, expect, it } from "vitest";
import { onPostgres, POSTGRES_ONLY } from "../databases";
import { POST } from "@/app/api/v1/usage/route";
import { ingestUsage } from "@/lib/usage/ingest";
import { apiRequest, call, createOrg, createTestProject, type OrgFixture } from "../factories";
import { createTeamKey, PLATFORM } from "../key-factories";
import { postUsage, usageEvent, usageTotals } from "../usage-factories";

// POST /usage: every event counted once, whatever is sent twice or at the same time.
describe("usage ingest", () => {
  let fx: OrgFixture;
  let keyId: string;

  beforeAll(async () => {
    fx = await createOrg();
    const project = await createTestProject(fx);
    keyId = (await createTeamKey(fx, project.id)).key.id;
  });

  it("stores a batch once and adds it to every rollup", async () => {
    const org = await createOrg();
    const p = await createTestProject(org);
    const k = (await createTeamKey(org, p.id)).key.id;
    const events = Array.from({ length: 20 }, (_, i) => usageEvent(k, { inputTokens: 100 + i, outputTokens: 10 }));
    const res = await postUsage(events);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 20, duplicates: 0, rejected: [] });
    const input = events.reduce((n, e) => n + e.inputTokens, 0);
    const sums = { requests: 20, inputTokens: input, outputTokens: 200, costMicros: expect.any(Number) };
    const totals = await usageTotals(org.org.id);
    expect(totals.events).toBe(20);
    for (const t of [totals.raw, totals.hourly, totals.dailyKeys, totals.dailyProjects]) expect(t).toEqual(sums);
    expect(new Set([totals.raw, totals.hourly, totals.dailyKeys, totals.dailyProjects].map((t) => t.costMicros)).size).toBe(1);
  });

  it("counts the same batch sent twice once", async () => {
    const org = await createOrg();
    const p = await createTestProject(org);
    const k = (await createTeamKey(org, p.id)).key.id;
    const events = Array.from({ length: 10 }, () => usageEvent(k));
    expect((await postUsage(events)).body).toMatchObject({ accepted: 10, duplicates: 0 });
    const once = await usageTotals(org.org.id);
    expect((await postUsage(events)).body).toEqual({ accepted: 0, duplicates: 10, rejected: [] });
    expect(await usageTotals(org.org.id)).toEqual(once);
  });

  // the events' unique index decides which copy counts: a race only where transactions overlap
  it.skipIf(!onPostgres)(`counts the same batch sent eight times at once exactly once ${POSTGRES_ONLY}`, async () => {
    const org = await createOrg();
    const p = await createTestProject(org);
    const keys = [(await createTeamKey(org, p.id)).key.id, (await createTeamKey(org, p.id, { environment: "production" })).key.id];
    const events = Array.from({ length: 200 }, (_, i) => usageEvent(keys[i % 2]!, { model: i % 3 ? "openai/gpt-4o" : "anthropic/claude-sonnet-4" }));
    const answers = await Promise.all(Array.from({ length: 8 }, () => postUsage(events)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.reduce((n, a) => n + a.body.accepted, 0)).toBe(200);
    expect(answers.reduce((n, a) => n + a.body.duplicates, 0)).toBe(7 * 200);
    const totals = await usageTotals(org.org.id);
    expect(totals.events).toBe(200);
    for (const t of [totals.raw, totals.hourly, totals.dailyKeys, totals.dailyProjects]) expect(t.requests).toBe(200);
  });

  it("stores the valid events of a mixed batch and rejects the others one by one", async () => {
    const now = new Date().toISOString();
    const repeated = usageEvent(keyId);
    const batch = [
      usageEvent(keyId),
      { id: "no-key", model: "openai/gpt-4o", inputTokens: 1, outputTokens: 1, timestamp: now },
      usageEvent(keyId, { inputTokens: -1 }),
      { ...usageEvent(keyId), costMicros: 5 },
      usageEvent(keyId, { timestamp: "yesterday" }),
      usageEvent("key_doesnotexist"),
      usageEvent(keyId, { model: "openai/gpt-9" }),
      usageEvent(keyId, { timestamp: new Date(Date.now() + 3600_000).toISOString() }),
      repeated,
      repeated,
      "not an object",
      usageEvent(keyId, { requestId: "req_123" }),
    ];
    const before = await usageTotals(fx.org.id);
    const res = await postUsage(batch);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(3);
    expect(res.body.duplicates).toBe(1);
    expect(res.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, "INVALID_EVENT"],
      [2, "INVALID_EVENT"],
      [3, "INVALID_EVENT"],
      [4, "INVALID_EVENT"],
      [5, "UNKNOWN_KEY"],
      [6, "UNKNOWN_MODEL"],
      [7, "TIMESTAMP_OUT_OF_RANGE"],
      [10, "INVALID_EVENT"],
    ]);
    const byIndex = Object.fromEntries(res.body.rejected.map((r: { index: number }) => [r.index, r]));
    expect(byIndex[1]).toMatchObject({ id: "no-key", message: expect.stringContaining("keyId") });
    expect(byIndex[2].message).toMatch(/inputTokens: must not be negative/);
    expect(byIndex[3].message).toMatch(/costMicros is not a known field/);
    expect(byIndex[10]).toMatchObject({ id: null });
    expect((await usageTotals(fx.org.id)).events).toBe(before.events + 3);
  });

  it("rejects an event carrying NUL or an unpaired surrogate alone and stores the rest of its batch", async () => {
    const org = await createOrg();
    const p = await createTestProject(org);
    const k = (await createTeamKey(org, p.id)).key.id;
    const good = [usageEvent(k), usageEvent(k)];
    const withNul = { ...usageEvent(k), requestId: "req_\u0000x" };
    const withSurrogate = { ...usageEvent(k), id: "evt_\ud800" };
    const nulKey = { ...usageEvent(k), ["model\u0000"]: "x" };
    // sent as JSON text the way a gateway would escape them
    const res = await postUsage([good[0], withNul, withSurrogate, nulKey, good[1]]);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected).toEqual([
      { index: 1, id: withNul.id, code: "INVALID_EVENT", message: expect.stringMatching(/^requestId: contains a NUL/) },
      { index: 2, id: null, code: "INVALID_EVENT", message: expect.stringMatching(/^id: .*surrogate/) },
      { index: 3, id: nulKey.id, code: "INVALID_EVENT", message: expect.stringMatching(/^\(key\)/) },
    ]);
    expect((await usageTotals(org.org.id)).events).toBe(2);
  });

  it("refuses a request that is not a batch of 1 to 1000 events, storing nothing", async () => {
    const before = await usageTotals(fx.org.id);
    for (const body of [{ events: [] }, { events: Array.from({ length: 1001 }, () => usageEvent(keyId)) }, { events: [usageEvent(keyId)], extra: 1 }, "[", {}]) {
      const res = await call(POST, apiRequest("POST", "/usage", { headers: PLATFORM, body }));
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.body.error.code).toBe("INVALID_REQUEST");
    }
    expect(await usageTotals(fx.org.id)).toEqual(before);
  });

  it("accepts times up to 5 minutes ahead and 35 days old, and nothing beyond", async () => {
    const now = Date.parse("2026-06-15T12:00:00.000Z");
    const at = (ms: number) => usageEvent(keyId, { timestamp: new Date(ms).toISOString() });
    const ahead = 5 * 60_000;
    const old = 35 * 86_400_000;
    const batch = [at(now + ahead), at(now + ahead + 1), at(now - old), at(now - old - 1), at(now)];
    const answer = await ingestUsage(batch, now);
    expect(answer.accepted).toBe(3);
    expect(answer.rejected).toEqual([
      { index: 1, id: batch[1]!.id, code: "TIMESTAMP_OUT_OF_RANGE", message: expect.stringMatching(/5 minutes ahead .* 35 days old/) },
      { index: 3, id: batch[3]!.id, code: "TIMESTAMP_OUT_OF_RANGE", message: expect.any(String) },
    ]);
  });

  it("counts each event in its key's organization: one id may exist once per organization", async () => {
    const other = await createOrg();
    const otherKey = (await createTeamKey(other, (await createTestProject(other)).id)).key.id;
    const id = `shared-${Date.now()}`;
    const res = await postUsage([usageEvent(keyId, { id }), usageEvent(otherKey, { id }), usageEvent(otherKey, { id })]);
    expect(res.body).toEqual({ accepted: 2, duplicates: 1, rejected: [] });
    expect((await usageTotals(other.org.id)).events).toBe(1);
  });
});
