import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { textArray } from "@/db/sql";
import { limitBudgets, limitRates, type LimitBudget, type LimitLevel } from "@/db/schema";
import { diff, recordChange } from "@/lib/audit/record";
import { announceKeyChange } from "@/lib/keys/invalidation";
import { loadKey } from "@/lib/keys/service";
import { unknownEntries } from "@/lib/models/match";
import { catalogIds } from "@/lib/models/service";
import { loadProject } from "@/lib/projects/service";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { budgetCounter } from "./counters";
import { monitorRefusalDays, type MonitorDay } from "./monitor";
import { PERIOD_ORDER, periodOf } from "./periods";
import { budgetRule, rateRule } from "./rules";
import type { BudgetLimitInput, LimitsInput, RateLimitInput } from "./schemas";
import { usedFrom } from "./seeds";
import { limitStore } from "./store";
import { settleBudget } from "./settle";
import { reached } from "@/lib/usage/cost";

// Budgets and rate limits as owners set them (docs/limits.md): per target, each section
// replaced whole, settled against the period's spend at once, audited with `limits.updated`.

export type LimitTarget = { level: LimitLevel; id: string; organizationId: string; name: string; archived: boolean };

export type BudgetView = BudgetLimitInput & {
  periodStart: string;
  resetAt: string;
  spentMicros: number;
  /** reserved by open holds of verifications, not settled yet; null while the counters are unreachable */
  heldMicros: number | null;
  exceeded: boolean;
  updatedAt: string;
};
export type RateView = RateLimitInput;
export type LimitsView = {
  level: LimitLevel;
  targetId: string;
  budgets: BudgetView[];
  rateLimits: RateView[];
  /** what this target's monitor limits would have refused, per limit and UTC day, the last 7 days */
  monitorRefusals: MonitorDay[];
};

/** The target of a limits route, within the caller's organization (NOT_FOUND otherwise). */
export async function limitTarget(db: Queryable, ctx: RequestContext, level: LimitLevel, id?: string): Promise<LimitTarget> {
  const organizationId = ctx.principal.organizationId;
  if (level === "organization") return { level, id: organizationId, organizationId, name: "organization", archived: false };
  if (level === "project") {
    const p = await loadProject(db, organizationId, id!);
    return { level, id: p.id, organizationId, name: p.name, archived: p.archivedAt !== null };
  }
  const { key } = await loadKey(db, organizationId, id!);
  return { level, id: key.id, organizationId, name: key.name, archived: false };
}

const budgetSettings = (b: LimitBudget): BudgetLimitInput => ({ period: b.period, limitMicros: b.limitMicros, alertThresholds: b.alertThresholds, mode: b.mode });
const rateSettings = (r: typeof limitRates.$inferSelect): RateView => {
  const { level: _level, targetId: _targetId, ...settings } = rateRule(r);
  return settings;
};

export async function budgetView(db: Queryable, b: LimitBudget, now: number): Promise<BudgetView> {
  const c = budgetCounter(b.organizationId, budgetRule(b), { costMicros: 0, tokens: 0 }, now);
  // the counters may be in Redis: an outage there leaves the held amount unknown, nothing else
  const held = limitStore().peek([c.spec.key], now).then(([state]) => state?.held ?? 0, () => null);
  const [spentMicros, heldMicros] = await Promise.all([usedFrom(db, c.source!), held]);
  return {
    ...budgetSettings(b),
    periodStart: c.source!.from,
    resetAt: new Date(c.ref.span.end).toISOString(),
    spentMicros,
    heldMicros,
    exceeded: b.mode === "enforce" && reached(spentMicros, b.limitMicros, 100),
    updatedAt: b.updatedAt.toISOString(),
  };
}

async function rowsOfTarget(db: Queryable, t: LimitTarget, lock = false) {
  const budgets = db.select().from(limitBudgets).where(and(eq(limitBudgets.level, t.level), eq(limitBudgets.targetId, t.id)));
  const rates = db.select().from(limitRates).where(and(eq(limitRates.level, t.level), eq(limitRates.targetId, t.id)));
  const [b, r] = lock ? [await budgets.for("update"), await rates.for("update")] : [await budgets, await rates];
  return {
    budgets: b.sort((x, y) => PERIOD_ORDER[x.period] - PERIOD_ORDER[y.period]),
    rates: r.sort((x, y) => (x.model ?? "").localeCompare(y.model ?? "")),
  };
}

/** GET …/limits: the target's budgets (with the period's spend) and rate limits. */
export async function getLimits(db: Queryable, t: LimitTarget, now = Date.now()): Promise<LimitsView> {
  const rows = await rowsOfTarget(db, t);
  return {
    level: t.level,
    targetId: t.id,
    budgets: await Promise.all(rows.budgets.map((b) => budgetView(db, b, now))),
    rateLimits: rows.rates.map(rateSettings),
    monitorRefusals: await monitorRefusalDays(db, t.organizationId, t.level, t.id, now),
  };
}

async function assertKnownPatterns(db: Queryable, rateLimits: RateLimitInput[]) {
  const catalog = [...(await catalogIds(db))];
  const fieldErrors = rateLimits.flatMap((r, i) =>
    r.model !== null && unknownEntries([r.model], catalog).length > 0 ? [{ path: `rateLimits.${i}.model`, message: `"${r.model}" matches no model of the catalog` }] : [],
  );
  if (fieldErrors.length > 0) throw new AppError("INVALID_REQUEST", fieldErrors.map((e) => `${e.path}: ${e.message}`).join("; "), { fieldErrors });
}

/**
 * Settles the target's budgets against their period's spend now: notices a new amount puts
 * out of reach again are re-armed, a lower one can notify and start refusing at once.
 */
export async function resettle(tx: Queryable, t: LimitTarget, budgets: LimitBudget[], now: number) {
  await tx.execute(sql`
    delete from limit_notices where level = ${t.level} and target_id = ${t.id}
      and not (period = any(${textArray(budgets.map((b) => b.period))}::text[]))`);
  for (const b of budgets) {
    const view = await budgetView(tx, b, now);
    const p = periodOf(b.period, now);
    const kept = [...b.alertThresholds.filter((x) => reached(view.spentMicros, b.limitMicros, x)).map((x) => `threshold:${x}`), ...(view.exceeded ? ["exceeded"] : [])];
    await tx.execute(sql`
      delete from limit_notices where level = ${t.level} and target_id = ${t.id} and period = ${b.period}
        and period_start = ${p.startDay}::date and not (notice = any(${textArray(kept)}::text[]))`);
    await settleBudget(tx, b, view.spentMicros, now);
  }
}

/** Replaces the given sections of a target's limits. */
export async function writeLimits(tx: Queryable, t: LimitTarget, input: LimitsInput) {
  if (input.budgets) {
    await tx.delete(limitBudgets).where(and(eq(limitBudgets.level, t.level), eq(limitBudgets.targetId, t.id)));
    if (input.budgets.length > 0) {
      await tx.insert(limitBudgets).values(input.budgets.map((b) => ({ ...b, organizationId: t.organizationId, level: t.level, targetId: t.id })));
    }
  }
  if (input.rateLimits) {
    await tx.delete(limitRates).where(and(eq(limitRates.level, t.level), eq(limitRates.targetId, t.id)));
    if (input.rateLimits.length > 0) {
      await tx.insert(limitRates).values(input.rateLimits.map((r) => ({ ...r, organizationId: t.organizationId, level: t.level, targetId: t.id })));
    }
  }
}

const settingsOf = (rows: Awaited<ReturnType<typeof rowsOfTarget>>) => ({ budgets: rows.budgets.map(budgetSettings), rateLimits: rows.rates.map(rateSettings) });

/** PUT …/limits: audited, announced to verification, and `limits.updated` with the previous values. */
export async function putLimits(tx: Queryable, ctx: RequestContext, t: LimitTarget, input: LimitsInput, now = Date.now()): Promise<LimitsView> {
  if (t.archived) throw new AppError("CONFLICT", "This project is archived and read-only. Restore it first.");
  if (input.rateLimits) await assertKnownPatterns(tx, input.rateLimits);
  const before = settingsOf(await rowsOfTarget(tx, t, true));
  await writeLimits(tx, t, input);
  const rows = await rowsOfTarget(tx, t);
  await resettle(tx, t, rows.budgets, now);
  const after = settingsOf(rows);
  const changes = diff(before, after);
  if (Object.keys(changes).length > 0) {
    await announceKeyChange(tx, ctx, { kind: t.level, id: t.id });
    await recordChange(tx, ctx, {
      action: "limits.updated",
      target: { type: t.level, id: t.id },
      changes,
      event: { type: "limits.updated", data: { level: t.level, target: { type: t.level, id: t.id, name: t.name }, ...after, previous: before } },
    });
  }
  return getLimits(tx, t, now);
}
