import type { BudgetPeriod, LimitLevel } from "@/db/schema";
import { matchesEntry } from "@/lib/models/match";
import { dayOf, isoDay, minuteOf, periodOf, type Span } from "./periods";
import type { BudgetRule, Chain, RateField, RateRule } from "./rules";
import type { CounterSpec } from "./store";

// The counters a verification touches, one per limit of the chain that applies to its model.
// Counter keys name the limit, not its row, so that editing a limit keeps what was counted.

const DAY = 86_400_000;

export type LimitKind = "budget" | "requests" | "tokens";
export type LimitRef = {
  level: LimitLevel;
  targetId: string;
  kind: LimitKind;
  period: BudgetPeriod | null;
  window: "minute" | "day" | null;
  model: string | null;
  mode: "enforce" | "monitor" | "alert";
  limit: number;
  span: Span;
  /** how people name it: "budget:month", "tokensPerMinute:openai/*" */
  name: string;
};

/** Where PostgreSQL keeps what a seeded counter counts (cost or tokens of accepted usage). */
export type SeedSource = { organizationId: string; level: LimitLevel; targetId: string; measure: "cost" | "tokens"; from: string; to: string; model: string | null };

export type ChainCounter = { ref: LimitRef; spec: CounterSpec; source: SeedSource | null };

export type Demand = { model?: string; costMicros: number; tokens: number };


export const budgetKey = (level: LimitLevel, targetId: string, period: BudgetPeriod, startDay: string) => `b|${level}|${targetId}|${period}|${startDay}`;
export const rateKey = (kind: "rq" | "tk", level: LimitLevel, targetId: string, model: string | null, window: "m" | "d", start: number) =>
  `${kind}|${level}|${targetId}|${model ?? "*"}|${window}|${window === "m" ? start : isoDay(start)}`;

export function budgetCounter(organizationId: string, b: BudgetRule, demand: Demand, now: number): ChainCounter {
  const p = periodOf(b.period, now);
  return {
    ref: { level: b.level, targetId: b.targetId, kind: "budget", period: b.period, window: null, model: null, mode: b.mode, limit: b.limitMicros, span: p, name: `budget:${b.period}` },
    spec: {
      key: budgetKey(b.level, b.targetId, b.period, p.startDay),
      limit: b.limitMicros,
      enforce: b.mode === "enforce",
      amount: demand.costMicros,
      hold: true,
      seeded: true,
      expiresAt: p.end + DAY,
    },
    source: { organizationId, level: b.level, targetId: b.targetId, measure: "cost", from: p.startDay, to: isoDay(p.end), model: null },
  };
}

/** Whether a rate limit applies to a call of this model (a per-model limit needs a model). */
export const rateApplies = (r: RateRule, model: string | undefined) => r.model === null || (model !== undefined && matchesEntry(model, r.model));

export function rateCounters(organizationId: string, r: RateRule, demand: Demand, now: number): ChainCounter[] {
  const out: ChainCounter[] = [];
  const add = (field: RateField, kind: "requests" | "tokens", window: "minute" | "day") => {
    const limit = r[field];
    if (limit === null) return;
    const span = window === "minute" ? minuteOf(now) : dayOf(now);
    const tokens = kind === "tokens";
    out.push({
      ref: { level: r.level, targetId: r.targetId, kind, period: null, window, model: r.model, mode: r.mode, limit, span, name: `${field}:${r.model ?? "*"}` },
      spec: {
        key: rateKey(tokens ? "tk" : "rq", r.level, r.targetId, r.model, window === "minute" ? "m" : "d", span.start),
        limit,
        enforce: r.mode === "enforce",
        amount: tokens ? demand.tokens : 1,
        hold: tokens,
        // tokens per day are rebuilt from the daily rollups; minute windows and requests start at 0
        seeded: tokens && window === "day",
        expiresAt: span.end + (window === "minute" ? 60_000 : DAY),
      },
      source: tokens && window === "day" ? { organizationId, level: r.level, targetId: r.targetId, measure: "tokens", from: isoDay(span.start), to: isoDay(span.end), model: r.model } : null,
    });
  };
  add("requestsPerMinute", "requests", "minute");
  add("tokensPerMinute", "tokens", "minute");
  add("requestsPerDay", "requests", "day");
  add("tokensPerDay", "tokens", "day");
  return out;
}

/** Every counter of the chain that a verification of `demand` is held against, key level first. */
export function chainCounters(organizationId: string, chain: Chain, demand: Demand, now: number, withAlert = false): ChainCounter[] {
  const budgets = chain.budgets.filter((b) => withAlert || b.mode !== "alert").map((b) => budgetCounter(organizationId, b, demand, now));
  const rates = chain.rates.filter((r) => rateApplies(r, demand.model)).flatMap((r) => rateCounters(organizationId, r, demand, now));
  return [...budgets, ...rates];
}
