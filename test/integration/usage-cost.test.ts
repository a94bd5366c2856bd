import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { modelPrices } from "@/db/schema";
import { DEFAULT_MODELS } from "@/lib/models/catalog";
import { createOrg, createTestProject } from "../factories";
import { createTeamKey } from "../key-factories";
import { postUsage, usageEvent, usageTotals } from "../usage-factories";

// Cost comes from the catalog price in force at the event's time, in integer micro-dollars.
async function storedCosts(organizationId: string) {
  const db = await getDb();
  const rows = rowsOf<{ event_id: string; cost_micros: string | number }>(
    await db.execute(sql`select event_id, cost_micros from usage_events where organization_id = ${organizationId}`),
  );
  return Object.fromEntries(rows.map((r) => [r.event_id, Number(r.cost_micros)]));
}

describe("usage cost", () => {
  it("prices each event with the catalog's price per million tokens, rounded half up", async () => {
    const fx = await createOrg();
    const key = (await createTeamKey(fx, (await createTestProject(fx)).id)).key.id;
    const events = [
      usageEvent(key, { id: "gpt-4o", model: "openai/gpt-4o", inputTokens: 1234, outputTokens: 567 }),
      usageEvent(key, { id: "opus", model: "anthropic/claude-opus-4", inputTokens: 1_000_000, outputTokens: 1_000_000 }),
      usageEvent(key, { id: "mini", model: "openai/gpt-4o-mini", inputTokens: 3, outputTokens: 3 }),
      usageEvent(key, { id: "embedding", model: "openai/text-embedding-3-small", inputTokens: 25, outputTokens: 0 }),
    ];
    expect((await postUsage(events)).body.accepted).toBe(4);
    const price = (id: string) => DEFAULT_MODELS.find((m) => m.id === id)!;
    const gpt4o = price("openai/gpt-4o");
    // 1234 × 2.5 + 567 × 10 = 3085 + 5670 = 8755 micros
    expect(1234 * gpt4o.inputPriceMicros + 567 * gpt4o.outputPriceMicros).toBe(8_755_000_000);
    expect(await storedCosts(fx.org.id)).toEqual({ "gpt-4o": 8755, opus: 90_000_000, mini: 2, embedding: 1 });
    expect((await usageTotals(fx.org.id)).dailyProjects.costMicros).toBe(8755 + 90_000_000 + 2 + 1);
  });

  it("uses the price in force at each event's time when the price changes between two events", async () => {
    // a price change for one hour twenty days ago, then back to the catalog's price: no other
    // test's events fall in that hour, and the catalog (GET /models) is left as it was
    const db = await getDb();
    const model = "mistral/mistral-small"; // $0.10 in, $0.30 out per million
    const change = Date.now() - 20 * 86_400_000 - (Date.now() % 1000) + 123;
    await db.insert(modelPrices).values([
      { modelId: model, effectiveFrom: new Date(change), inputPriceMicros: 2_000_000, outputPriceMicros: 4_000_000 },
      { modelId: model, effectiveFrom: new Date(change + 3600_000), inputPriceMicros: 100_000, outputPriceMicros: 300_000 },
    ]);
    const fx = await createOrg();
    const key = (await createTeamKey(fx, (await createTestProject(fx)).id)).key.id;
    const at = (ms: number, id: string) => usageEvent(key, { id, model, inputTokens: 10_000, outputTokens: 1000, timestamp: new Date(ms).toISOString() });
    const res = await postUsage([at(change - 1, "before"), at(change, "at"), at(change + 1800_000, "during"), at(change + 3600_000, "after")]);
    expect(res.body.accepted).toBe(4);
    // catalog: 10,000 × $0.10/M + 1,000 × $0.30/M = 1000 + 300; changed: 20,000 + 4,000
    expect(await storedCosts(fx.org.id)).toEqual({ before: 1300, at: 24_000, during: 24_000, after: 1300 });
    const totals = await usageTotals(fx.org.id);
    expect([totals.hourly.costMicros, totals.dailyKeys.costMicros, totals.dailyProjects.costMicros]).toEqual([50_600, 50_600, 50_600]);
  });
});
