import { and, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf, textArray } from "@/db/sql";
import { limitBudgets, limitRates, type LimitBudget, type LimitLevel } from "@/db/schema";
import { emitEvent } from "@/lib/audit/record";
import { matchesEntry } from "@/lib/models/match";
import { budgetTarget, queueBudgetAlert, type BudgetTarget } from "@/lib/usage/budget-alerts";
import { reached } from "@/lib/usage/cost";
import { budgetCounter, rateCounters } from "./counters";
import { periodOf } from "./periods";
import { budgetRule, rateRule } from "./rules";
import { usedFrom } from "./seeds";
import type { Settlement } from "./store";

// Settling budgets against accepted spend, in the transaction that stored it (docs/limits.md):
// each budget's row is locked, its period's spend read from the rollups (which hold every batch
// committed before the lock), each threshold notified once per period, and the totals handed to
// the counters once the transaction commits.

export type Targets = { organizations: string[]; projects: string[]; keys: string[] };
export type FreshUsage = { organizationId: string; projectId: string; keyId: string; model: string; tokens: number };
type Changed = { level: LimitLevel; id: string };

/** The budgets of these targets, locked in id order (concurrent batches cannot deadlock). */
export async function lockBudgets(tx: Queryable, t: Targets): Promise<LimitBudget[]> {
  const of = (level: LimitLevel, ids: string[]) => (ids.length > 0 ? and(eq(limitBudgets.level, level), inArray(limitBudgets.targetId, ids)) : undefined);
  const where = or(of("organization", t.organizations), of("project", t.projects), of("key", t.keys));
  if (!where) return [];
  return tx.select().from(limitBudgets).where(where).orderBy(limitBudgets.id).for("update");
}

export function budgetEventData(t: BudgetTarget, b: LimitBudget, periodStart: string) {
  return {
    level: b.level,
    target: { type: b.level, id: t.id, name: t.name },
    ...(t.project ? { project: t.project } : {}),
    budget: {
      period: b.period,
      limitMicros: b.limitMicros,
      alertThresholds: b.alertThresholds,
      mode: b.mode,
      // the names of the project's monthly budget before budgets had levels and periods
      ...(b.level === "project" && b.period === "month" ? { monthlyLimitMicros: b.limitMicros, hardLimit: b.mode === "enforce" } : {}),
    },
    periodStart,
    ...(b.period === "month" ? { month: periodStart.slice(0, 7) } : {}),
  };
}

/**
 * Settles one locked budget against its period's spend: thresholds reached notify once
 * (limit_notices), an enforce budget that is used up emits `usage.budget_exceeded` once.
 * Answers whether its refusal changed (other nodes without shared counters must hear of it).
 */
export async function settleBudget(tx: Queryable, b: LimitBudget, spentMicros: number, now: number): Promise<boolean> {
  const p = periodOf(b.period, now);
  const over = b.mode === "enforce" && reached(spentMicros, b.limitMicros, 100);
  const blockedUntil = over ? new Date(p.end).toISOString() : null;
  const notices = b.alertThresholds.filter((t) => reached(spentMicros, b.limitMicros, t)).map((t) => `threshold:${t}`);
  if (over) notices.push("exceeded");
  if (notices.length === 0) return false;
  const fresh = rowsOf<{ notice: string }>(
    await tx.execute(sql`
      insert into limit_notices (organization_id, level, target_id, period, period_start, notice, spent_micros)
      select ${b.organizationId}, ${b.level}, ${b.targetId}, ${b.period}, ${p.startDay}::date, n, ${spentMicros}
      from unnest(${textArray(notices)}::text[]) as n
      on conflict do nothing
      returning notice`),
  ).map((r) => r.notice);
  if (fresh.length === 0) return false;
  const target = await budgetTarget(tx, b.level, b.targetId);
  if (!target) return false;
  const data = budgetEventData(target, b, p.startDay);
  const thresholds = fresh.filter((n) => n.startsWith("threshold:")).map((n) => Number(n.slice(10))).sort((x, y) => x - y);
  for (const threshold of thresholds) {
    await emitEvent(tx, b.organizationId, "usage.budget_threshold_reached", { ...data, threshold, spentMicros });
    await queueBudgetAlert(tx, { target, period: b.period, periodStart: p.startDay, threshold, spentMicros, limitMicros: b.limitMicros, blockedUntil });
  }
  if (!fresh.includes("exceeded")) return false;
  await emitEvent(tx, b.organizationId, "usage.budget_exceeded", { ...data, spentMicros, blockedUntil });
  return true;
}

/** Budgets of these targets settled against their spend; answers the counters' totals and the targets whose refusal changed. */
export async function settleBudgets(tx: Queryable, targets: Targets, now: number): Promise<{ set: Settlement["set"]; changed: Changed[] }> {
  const locked = await lockBudgets(tx, targets);
  const set: Settlement["set"] = [];
  const changed: Changed[] = [];
  for (const b of locked) {
    const c = budgetCounter(b.organizationId, budgetRule(b), { costMicros: 0, tokens: 0 }, now);
    const spent = await usedFrom(tx, c.source!);
    set.push({ key: c.spec.key, used: spent, expiresAt: c.spec.expiresAt });
    if (await settleBudget(tx, b, spent, now)) changed.push({ level: b.level, id: b.targetId });
  }
  return { set, changed };
}

/**
 * Token counters of the rate limits on the chains of fresh usage, the counters verification
 * holds against (lib/limits/counters.ts): minute windows add the batch's tokens, day windows
 * take PostgreSQL's total.
 */
export async function settleTokens(tx: Queryable, fresh: FreshUsage[], targets: Targets, now: number): Promise<Pick<Settlement, "set" | "add">> {
  const out: Pick<Settlement, "set" | "add"> = { set: [], add: [] };
  const of = (level: LimitLevel, ids: string[]) => (ids.length > 0 ? and(eq(limitRates.level, level), inArray(limitRates.targetId, ids)) : undefined);
  const where = or(of("organization", targets.organizations), of("project", targets.projects), of("key", targets.keys));
  if (!where) return out;
  const rules = await tx
    .select()
    .from(limitRates)
    .where(and(where, or(isNotNull(limitRates.tokensPerMinute), isNotNull(limitRates.tokensPerDay))));
  for (const row of rules) {
    const rule = { ...rateRule(row), requestsPerMinute: null, requestsPerDay: null };
    const mine = fresh.filter(
      (f) => (rule.level === "key" ? f.keyId : rule.level === "project" ? f.projectId : f.organizationId) === rule.targetId && (rule.model === null || matchesEntry(f.model, rule.model)),
    );
    if (mine.length === 0) continue;
    const tokens = mine.reduce((n, f) => n + f.tokens, 0);
    for (const c of rateCounters(row.organizationId, rule, { costMicros: 0, tokens }, now)) {
      if (c.source) out.set.push({ key: c.spec.key, used: await usedFrom(tx, c.source), expiresAt: c.spec.expiresAt });
      else out.add.push({ key: c.spec.key, amount: tokens, expiresAt: c.spec.expiresAt });
    }
  }
  return out;
}
