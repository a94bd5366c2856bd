import { createKeyInput } from "@/lib/keys/schemas";
import { createKey } from "@/lib/keys/service";
import { flushAfterCommit, type RequestContext } from "@/lib/core/context";
import { monthOf } from "@/lib/usage/buckets";
import { setBudget } from "@/lib/usage/budget-settings";
import { usedFrom } from "@/lib/limits/seeds";
import { ingestUsage } from "@/lib/usage/ingest";
import type { Db } from "./client";

// The demo organization's keys and 30 days of usage, reported through the real ingest (so
// every rollup and budget check runs), and budgets that have sent their first alerts.
const KEYS = [
  { project: "search", name: "search-api", environment: "production", models: ["openai/gpt-4o", "openai/text-embedding-3-small"], perDay: 160 },
  { project: "search", name: "search-staging", environment: "staging", models: ["openai/gpt-4o-mini"], perDay: 40 },
  { project: "support-bot", name: "support-chat", environment: "production", models: ["anthropic/claude-3-5-haiku", "anthropic/claude-sonnet-4"], perDay: 180 },
  { project: "data-pipeline", name: "nightly-batch", environment: "batch", models: ["google/gemini-2.0-flash", "mistral/mistral-small"], perDay: 90 },
];
const DAYS = 30;
const DAY = 86_400_000;

/** A repeatable pseudo-random sequence, so the demo looks the same on every machine. */
function numbers(seed: number) {
  let x = seed;
  return () => (x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

export async function seedDemoUsage(db: Db, ctx: RequestContext, projectIds: Record<string, string>, now = Date.now()) {
  const keys = await db.transaction(async (tx) => {
    const made = [];
    for (const k of KEYS) made.push({ ...k, id: (await createKey(tx, ctx, projectIds[k.project]!, createKeyInput.parse({ name: k.name, environment: k.environment }))).key.id });
    return made;
  });
  const random = numbers(42);
  const events = [];
  const today = Math.floor(now / DAY) * DAY;
  for (let day = DAYS - 1; day >= 0; day--) {
    const start = today - day * DAY;
    const weekday = new Date(start).getUTCDay() % 6 !== 0;
    for (const k of keys) {
      const n = Math.round(k.perDay * (weekday ? 1 : 0.4) * (1 + (DAYS - day) / 60));
      for (let i = 0; i < n; i++) {
        const at = start + Math.floor(((i + random()) / n) * DAY);
        if (at > now) break;
        const model = k.models[random() < 0.7 ? 0 : k.models.length - 1]!;
        const embedding = model.includes("embedding");
        events.push({
          id: `demo-${k.name}-${at}-${i}`,
          keyId: k.id,
          model,
          inputTokens: Math.round((embedding ? 1200 : 4000) * (0.5 + random())),
          outputTokens: embedding ? 0 : Math.round(900 * (0.5 + random())),
          timestamp: new Date(at).toISOString(),
        });
      }
    }
  }
  for (let i = 0; i < events.length; i += 500) await ingestUsage(events.slice(i, i + 500), now);

  // Support Bot at about 85 % of its budget (its 50 % and 80 % alerts sent); Search with a hard limit.
  const month = monthOf(now);
  const spent = new Map<string, number>();
  for (const id of [projectIds["support-bot"]!, projectIds.search!]) {
    spent.set(id, await usedFrom(db, { organizationId: ctx.principal.organizationId, level: "project", targetId: id, measure: "cost", from: month, to: monthOf(now, 1), model: null }));
  }
  const budget = (projectId: string, share: number) => Math.max(1_000_000, Math.ceil((spent.get(projectId) ?? 0) / share / 1_000_000) * 1_000_000);
  await db.transaction(async (tx) => {
    await setBudget(tx, ctx, projectIds["support-bot"]!, { monthlyLimitMicros: budget(projectIds["support-bot"]!, 0.85), alertThresholds: [50, 80, 100], hardLimit: false }, now);
    await setBudget(tx, ctx, projectIds.search!, { monthlyLimitMicros: budget(projectIds.search!, 0.6), alertThresholds: [50, 80, 100], hardLimit: true }, now);
  });
  flushAfterCommit(ctx);
  return events.length;
}
