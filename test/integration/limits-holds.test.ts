import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onKeyChangeNotification } from "@/lib/keys/invalidation";
import { verifyKey } from "@/lib/keys/verify";
import { RedisLimitStore } from "@/lib/limits/redis-store";
import { MemoryLimitStore, type LimitStore } from "@/lib/limits/store";
import { ingestUsage } from "@/lib/usage/ingest";
import { asKey, createOrg, createTestAdminKey, createTestProject, type OrgFixture } from "../factories";
import { createTeamKey, verifyThroughRoute } from "../key-factories";
import { getEffectiveLimits, getLimits, monthBudget, putLimits, releaseHold } from "../limits-factories";
import { redisPrefixes, TEST_REDIS_URL } from "../redis-factories";
import { postUsage, usageEvent, usageTotals } from "../usage-factories";

// Holds (docs/limits.md): a verification with a reserve holds its cost on every enforce budget
// and its tokens on every token limit of the chain, all or nothing; the usage event that names
// the hold settles it once; a release or the expiry frees it; held ends at exactly zero.
// GPT-4o: 1,000 input tokens and 500 output tokens cost 7,500 micro-dollars.
const COST = 7_500;
const RESERVE = { inputTokens: 1000, outputTokens: 500 };
const MODEL = "openai/gpt-4o";

const singletons = () => ((globalThis as unknown as { __anyintSingletons?: Map<string, unknown> }).__anyintSingletons ??= new Map());
/** Replaces this process's counters, as a restart (or another store) would. */
function swapStore(store: LimitStore) {
  singletons().set("limitStore", store);
}

describe("holds", () => {
  let fx: OrgFixture;
  let owner: Record<string, string>;

  beforeAll(async () => {
    fx = await createOrg();
    owner = asKey((await createTestAdminKey(fx, "owner")).secret);
  });

  async function budgeted(limitMicros: number, mode = "enforce") {
    const p = await createTestProject(fx);
    const k = await createTeamKey(fx, p.id);
    await putLimits("project", p.id, monthBudget(limitMicros, mode), owner);
    return { projectId: p.id, keyId: k.key.id, secret: k.secret };
  }
  const held = async (keyId: string) => ((await getEffectiveLimits(keyId, owner, MODEL)).body.limits as { held: number; used: number }[]).map((l) => [l.used, l.held]);

  it("needs a model, prices the reserve and answers the hold", async () => {
    const { secret, keyId, projectId } = await budgeted(10 * COST);
    const bad = await verifyThroughRoute({ key: secret, reserve: RESERVE });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toContainEqual({ path: "model", message: expect.stringContaining("reserve") });
    expect((await verifyThroughRoute({ key: secret, model: MODEL, reserve: { inputTokens: -1, outputTokens: 0 } })).body.error.details[0].path).toBe("reserve.inputTokens");
    const before = Date.now();
    const ok = await verifyThroughRoute({ key: secret, model: MODEL, reserve: RESERVE });
    expect(ok.body).toMatchObject({ valid: true, holdId: expect.stringMatching(/^hold_[0-9a-z]{20}$/) });
    const expires = Date.parse(ok.body.holdExpiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 600_000);
    expect(expires).toBeLessThan(Date.now() + 601_000);
    expect(await held(keyId)).toEqual([[0, COST]]);
    expect((await getLimits("project", projectId, owner)).body.budgets).toMatchObject([{ spentMicros: 0, heldMicros: COST }]);
    expect((await releaseHold(ok.body.holdId)).body).toEqual({ holdId: ok.body.holdId, released: true });
    expect(await held(keyId)).toEqual([[0, 0]]);
  });

  it("never lets two concurrent verifications take the last room", async () => {
    const { secret, keyId } = await budgeted(5 * COST);
    const answers = await Promise.all(Array.from({ length: 30 }, () => verifyKey({ key: secret, model: MODEL, reserve: RESERVE })));
    expect(answers.filter((a) => a.valid)).toHaveLength(5);
    const refused = answers.find((a) => !a.valid)!;
    expect(refused).toMatchObject({ code: "BUDGET_EXCEEDED", limit: { level: "project", used: 0, held: 5 * COST } });
    expect(await held(keyId)).toEqual([[0, 5 * COST]]);
    // a verification without a reserve is refused too while the holds take all the room
    expect((await verifyKey({ key: secret })).code).toBe("BUDGET_EXCEEDED");
  });

  it("settles a hold with its usage event once, however often and however concurrently it is sent", async () => {
    const { secret, keyId } = await budgeted(3 * COST);
    const holds = await Promise.all([1, 2, 3].map(() => verifyKey({ key: secret, model: MODEL, reserve: RESERVE })));
    const ids = holds.map((h) => (h.valid ? h.holdId! : ""));
    expect(ids.every(Boolean)).toBe(true);
    // the first call used less than it reserved: its room comes back
    const first = usageEvent(keyId, { inputTokens: 1000, outputTokens: 0, ...{} });
    const events = [{ ...first, holdId: ids[0] }, { ...usageEvent(keyId), holdId: ids[1] }];
    await Promise.all([postUsage(events), postUsage(events), postUsage([events[0]])]);
    expect(await held(keyId)).toEqual([[2_500 + COST, COST]]);
    expect((await usageTotals(fx.org.id)).events).toBeGreaterThanOrEqual(2);
    await postUsage(events); // once more: duplicates, nothing counted twice
    expect(await held(keyId)).toEqual([[2_500 + COST, COST]]);
    // 5,000 of room is left beside the open hold: not enough for another 7,500
    expect((await verifyKey({ key: secret, model: MODEL, reserve: RESERVE })).code).toBe("BUDGET_EXCEEDED");
    expect((await verifyKey({ key: secret, model: MODEL, reserve: { inputTokens: 2000, outputTokens: 0 } })).valid).toBe(true);
  });

  it("releases a hold once, by the platform only, and says when there was none", async () => {
    const { secret, keyId } = await budgeted(COST);
    const h = await verifyKey({ key: secret, model: MODEL, reserve: RESERVE });
    const holdId = h.valid ? h.holdId! : "";
    expect((await releaseHold(holdId, { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await releaseHold(holdId, owner)).status).toBe(401); // an admin key is not a platform token
    expect((await releaseHold("hold_x")).status).toBe(400);
    expect((await releaseHold(holdId)).body.released).toBe(true);
    expect((await releaseHold(holdId)).body.released).toBe(false);
    expect((await releaseHold(`hold_${"a".repeat(20)}`)).body.released).toBe(false);
    expect(await held(keyId)).toEqual([[0, 0]]);
    expect((await verifyKey({ key: secret, model: MODEL, reserve: RESERVE })).valid).toBe(true);
  });

  it("releases an unsettled hold when it expires, and then counts its late usage once", async () => {
    const { secret, keyId } = await budgeted(COST);
    const now = Date.now();
    const h = await verifyKey({ key: secret, model: MODEL, reserve: RESERVE }, now);
    expect((await verifyKey({ key: secret, model: MODEL, reserve: RESERVE }, now + 599_000)).code).toBe("BUDGET_EXCEEDED");
    const later = await verifyKey({ key: secret, model: MODEL, reserve: RESERVE }, now + 600_000);
    expect(later.valid).toBe(true); // the first hold expired: its room came back
    const r = await ingestUsage([{ ...usageEvent(keyId), holdId: h.valid ? h.holdId : undefined }], now + 600_000);
    expect(r.accepted).toBe(1);
    expect((await verifyKey({ key: secret }, now + 600_001)).code).toBe("BUDGET_EXCEEDED");
    if (later.valid) await releaseHold(later.holdId!);
  });

  it("rebuilds the counters from PostgreSQL after a restart, without counting anything twice", async () => {
    const { secret, keyId } = await budgeted(2 * COST);
    await postUsage([usageEvent(keyId)]);
    const h = await verifyKey({ key: secret, model: MODEL, reserve: RESERVE });
    swapStore(new MemoryLimitStore()); // the process restarted between hold and settlement
    expect(await held(keyId)).toEqual([[COST, 0]]);
    const event = { ...usageEvent(keyId), holdId: h.valid ? h.holdId : undefined };
    await postUsage([event]);
    await postUsage([event]);
    expect(await held(keyId)).toEqual([[2 * COST, 0]]);
    expect((await verifyKey({ key: secret })).code).toBe("BUDGET_EXCEEDED");
  });

  it("refuses on a node without Redis once another node's usage used the budget up and its key change arrives", async () => {
    const { secret, keyId, projectId } = await budgeted(2 * COST);
    const thisNode = new MemoryLimitStore();
    swapStore(thisNode);
    expect((await verifyKey({ key: secret })).code).toBe("VALID"); // this node's counter: 0 used
    swapStore(new MemoryLimitStore()); // another node ingests the usage that reaches the limit
    await postUsage([usageEvent(keyId), usageEvent(keyId)]);
    swapStore(thisNode);
    expect((await verifyKey({ key: secret })).code).toBe("VALID"); // not heard yet: its own counter
    onKeyChangeNotification(JSON.stringify({ kind: "project", id: projectId })); // the NOTIFY of that batch
    expect(await verifyKey({ key: secret })).toMatchObject({ code: "BUDGET_EXCEEDED", limit: { level: "project", used: 2 * COST } });
  });

  it("holds tokens against token rate limits, on every level of the chain", async () => {
    const p = await createTestProject(fx);
    const k = await createTeamKey(fx, p.id);
    await putLimits("project", p.id, { rateLimits: [{ model: "openai/*", tokensPerMinute: 3000 }] }, owner);
    await putLimits("key", k.key.id, { rateLimits: [{ tokensPerDay: 1_000_000 }] }, owner);
    const now = Date.now() - (Date.now() % 60_000) + 1000;
    const a = await verifyKey({ key: k.secret, model: MODEL, reserve: RESERVE }, now);
    const b = await verifyKey({ key: k.secret, model: MODEL, reserve: RESERVE }, now);
    expect([a.valid, b.valid]).toEqual([true, true]);
    const c = await verifyKey({ key: k.secret, model: MODEL, reserve: RESERVE }, now);
    expect(c).toMatchObject({ code: "RATE_LIMITED", limit: { level: "project", kind: "tokens", window: "minute", model: "openai/*", limit: 3000, held: 3000 } });
    expect((await verifyKey({ key: k.secret, model: "anthropic/claude-sonnet-4", reserve: RESERVE }, now)).valid).toBe(true); // another provider
    if (a.valid) await ingestUsage([{ ...usageEvent(k.key.id, { inputTokens: 100, outputTokens: 0 }), holdId: a.holdId }], now);
    // the key's tokens per day took PostgreSQL's total (100) and still holds b's and the other provider's calls
    const perDay = ((await getEffectiveLimits(k.key.id, owner)).body.limits as { level: string; kind: string; window: string; used: number; held: number }[]).find(
      (l) => l.level === "key" && l.kind === "tokens" && l.window === "day",
    );
    expect(perDay).toMatchObject({ used: 100, held: 3000 });
    // 100 used and 1,500 held of 3,000: room for 1,400
    expect((await verifyKey({ key: k.secret, model: MODEL, reserve: { inputTokens: 1400, outputTokens: 0 } }, now)).valid).toBe(true);
  });
});

describe("holds with Redis (two console nodes)", () => {
  const url = TEST_REDIS_URL;
  let redis: Redis;
  const prefixes = redisPrefixes(() => redis, "lim");
  const prefix = prefixes.newPrefix();
  let fx: OrgFixture;
  let owner: Record<string, string>;
  let previous: unknown;

  beforeAll(async () => {
    redis = new Redis(url, { maxRetriesPerRequest: 2 });
    previous = singletons().get("limitStore");
    fx = await createOrg();
    owner = asKey((await createTestAdminKey(fx, "owner")).secret);
  });

  afterAll(async () => {
    await prefixes.cleanUp();
    singletons().set("limitStore", previous);
    await redis.quit();
  });

  it("shares holds between nodes and rebuilds the counters after Redis loses them", async () => {
    const p = await createTestProject(fx);
    const k = await createTeamKey(fx, p.id);
    await putLimits("project", p.id, monthBudget(4 * COST), owner);
    const connections = [new Redis(url), new Redis(url)];
    const nodes = connections.map((c) => new RedisLimitStore(c, prefix));
    const answers: Awaited<ReturnType<typeof verifyKey>>[] = [];
    for (let i = 0; i < 6; i++) {
      swapStore(nodes[i % 2]!); // round robin between the nodes
      answers.push(await verifyKey({ key: k.secret, model: MODEL, reserve: RESERVE }));
    }
    expect(answers.map((a) => a.valid)).toEqual([true, true, true, true, false, false]);
    swapStore(nodes[0]!);
    await postUsage(answers.filter((a) => a.valid).slice(0, 2).map((a) => ({ ...usageEvent(k.key.id), holdId: a.valid ? a.holdId : undefined })));
    swapStore(nodes[1]!);
    expect(await held(k.key.id)).toEqual([[2 * COST, 2 * COST]]);
    // Redis is flushed: the spend comes back from the rollups, the open holds are gone
    await prefixes.deleteUnder(prefix);
    expect((await verifyKey({ key: k.secret, model: MODEL, reserve: RESERVE })).valid).toBe(true);
    expect(await held(k.key.id)).toEqual([[2 * COST, COST]]);
    await Promise.all(connections.map((c) => c.quit()));
  });

  it("answers 503 with Retry-After while Redis is unreachable, and verifies again once it is back", async () => {
    const p = await createTestProject(fx);
    const k = await createTeamKey(fx, p.id);
    const live = new Redis(url);
    swapStore(new RedisLimitStore(live, prefix));
    await putLimits("project", p.id, monthBudget(4 * COST), owner);
    const down = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    down.on("error", () => {}); // the refused connection itself: what matters is the answer below
    swapStore(new RedisLimitStore(down, prefix));
    const refused = await verifyThroughRoute({ key: k.secret, model: MODEL, reserve: RESERVE });
    expect([refused.status, refused.body.error.code, refused.headers.get("retry-after")]).toEqual([503, "SERVICE_UNAVAILABLE", "5"]);
    expect(refused.body.error.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/); // nothing of the inside
    // the Admin API still reads and writes limits; only the held amounts are unknown meanwhile
    const put = await putLimits("project", p.id, monthBudget(5 * COST), owner);
    expect([put.status, put.body.budgets[0].heldMicros]).toEqual([200, null]);
    down.disconnect();
    swapStore(new RedisLimitStore(live, prefix));
    expect((await verifyThroughRoute({ key: k.secret, model: MODEL, reserve: RESERVE })).body.valid).toBe(true);
    await live.quit();
  });

  async function held(keyId: string) {
    return ((await getEffectiveLimits(keyId, owner, MODEL)).body.limits as { held: number; used: number }[]).map((l) => [l.used, l.held]);
  }
});
