import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { PERIOD_ORDER } from "./periods";
import { limitBudgets, limitRates, type BudgetMode, type BudgetPeriod, type LimitLevel, type RateMode } from "@/db/schema";

// The limits of a key's chain (its own, its project's, its organization's), loaded in the
// key's cached record's one query: a change to any of them announces a key change (lib/keys/invalidation.ts).

export type BudgetRule = {
  level: LimitLevel;
  targetId: string;
  period: BudgetPeriod;
  limitMicros: number;
  alertThresholds: number[];
  mode: BudgetMode;
};

export const RATE_FIELDS = ["requestsPerMinute", "tokensPerMinute", "requestsPerDay", "tokensPerDay"] as const;
export type RateField = (typeof RATE_FIELDS)[number];

export type RateRule = {
  level: LimitLevel;
  targetId: string;
  /** a model id or pattern (`openai/*`); null: every model */
  model: string | null;
  mode: RateMode;
} & Record<RateField, number | null>;

export type Chain = { budgets: BudgetRule[]; rates: RateRule[] };

const LEVEL_ORDER: Record<LimitLevel, number> = { key: 0, project: 1, organization: 2 };
export const byLevel = <T extends { level: LimitLevel }>(a: T, b: T) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level];

type Json = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * SQL for the limits on a key's chain as two JSON arrays of rows, for the key record's one
 * query (`chainFromJson` reads them): the key's, its project's and its organization's.
 */
export function chainSql(table: "limit_budgets" | "limit_rates", organizationId: SQLWrapper, projectId: SQLWrapper, keyId: SQLWrapper): SQL<Json[]> {
  return sql<Json[]>`(select coalesce(json_agg(l), '[]'::json) from ${sql.raw(table)} l
    where l.organization_id = ${organizationId} and ((l.level = 'organization' and l.target_id = ${organizationId})
      or (l.level = 'project' and l.target_id = ${projectId}) or (l.level = 'key' and l.target_id = ${keyId})))`;
}

/** The chain from the JSON rows of `chainSql`, key level first. */
export function chainFromJson(budgets: Json[], rates: Json[]): Chain {
  return {
    budgets: budgets
      .map((b) => ({
        level: b.level as LimitLevel,
        targetId: String(b.target_id),
        period: b.period as BudgetPeriod,
        limitMicros: Number(b.limit_micros),
        alertThresholds: (b.alert_thresholds as number[]) ?? [],
        mode: b.mode as BudgetMode,
      }))
      .sort((a, b) => byLevel(a, b) || PERIOD_ORDER[a.period] - PERIOD_ORDER[b.period]),
    rates: rates
      .map((r) => ({
        level: r.level as LimitLevel,
        targetId: String(r.target_id),
        model: (r.model as string | null) ?? null,
        mode: r.mode as RateMode,
        requestsPerMinute: num(r.requests_per_minute),
        tokensPerMinute: num(r.tokens_per_minute),
        requestsPerDay: num(r.requests_per_day),
        tokensPerDay: num(r.tokens_per_day),
      }))
      .sort(byLevel),
  };
}

export const budgetRule = (b: typeof limitBudgets.$inferSelect): BudgetRule => ({
  level: b.level,
  targetId: b.targetId,
  period: b.period,
  limitMicros: b.limitMicros,
  alertThresholds: b.alertThresholds,
  mode: b.mode,
});

export const rateRule = (r: typeof limitRates.$inferSelect): RateRule => ({
  level: r.level,
  targetId: r.targetId,
  model: r.model,
  mode: r.mode,
  requestsPerMinute: r.requestsPerMinute,
  tokensPerMinute: r.tokensPerMinute,
  requestsPerDay: r.requestsPerDay,
  tokensPerDay: r.tokensPerDay,
});
