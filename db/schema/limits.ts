import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, idColumn, tz, updatedAt } from "./columns";
import { organizations } from "./organizations";

// Budgets and rate limits on the organization, its projects and its keys (docs/limits.md).
// A limit names its target by level and id; the organization's foreign key removes them all
// with it (keys and projects are revoked and archived, never deleted).

const micros = () => bigint({ mode: "number" });

export const LIMIT_LEVELS = ["organization", "project", "key"] as const;
export const BUDGET_PERIODS = ["day", "week", "month"] as const;
export const BUDGET_MODES = ["enforce", "monitor", "alert"] as const;
export const RATE_MODES = ["enforce", "monitor"] as const;
export type LimitLevel = (typeof LIMIT_LEVELS)[number];
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];
export type BudgetMode = (typeof BUDGET_MODES)[number];
export type RateMode = (typeof RATE_MODES)[number];

/** One budget per target and period (UTC day, ISO week from Monday, calendar month). */
export const limitBudgets = pgTable(
  "limit_budgets",
  {
    id: idColumn("limit"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    level: text({ enum: LIMIT_LEVELS }).notNull(),
    targetId: text().notNull(),
    period: text({ enum: BUDGET_PERIODS }).notNull(),
    limitMicros: micros().notNull(),
    /** percentages of the limit that notify once per period */
    alertThresholds: integer().array().notNull().default([50, 80, 100]),
    mode: text({ enum: BUDGET_MODES }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex().on(t.level, t.targetId, t.period),
    index().on(t.organizationId),
    check("limit_budgets_limit_positive", sql`${t.limitMicros} > 0`),
  ],
);

/** Request and token rate limits, for all models (model null) or one model or pattern. */
export const limitRates = pgTable(
  "limit_rates",
  {
    id: idColumn("limit"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    level: text({ enum: LIMIT_LEVELS }).notNull(),
    targetId: text().notNull(),
    model: text(),
    requestsPerMinute: integer(),
    tokensPerMinute: integer(),
    requestsPerDay: integer(),
    tokensPerDay: bigint({ mode: "number" }),
    mode: text({ enum: RATE_MODES }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("limit_rates_target_model_index").on(t.level, t.targetId, sql`coalesce(${t.model}, '')`), index().on(t.organizationId)],
);

/** One row per notice sent per budget and period ('threshold:80', 'exceeded'), so each goes out once. */
export const limitNotices = pgTable(
  "limit_notices",
  {
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    level: text({ enum: LIMIT_LEVELS }).notNull(),
    targetId: text().notNull(),
    period: text({ enum: BUDGET_PERIODS }).notNull(),
    periodStart: date({ mode: "string" }).notNull(),
    notice: text().notNull(),
    spentMicros: micros().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.level, t.targetId, t.period, t.periodStart, t.notice] }), index().on(t.organizationId)],
);

/** Verifications a monitor limit would have refused, per limit and UTC hour (the console's 7-day chart). */
export const limitMonitorRefusals = pgTable(
  "limit_monitor_refusals",
  {
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    level: text({ enum: LIMIT_LEVELS }).notNull(),
    targetId: text().notNull(),
    /** the limit as people read it: 'budget:month', 'requestsPerMinute:openai/*' */
    limitName: text().notNull(),
    hour: tz().notNull(),
    refusals: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.targetId, t.limitName, t.hour] }), index().on(t.organizationId, t.hour)],
);

export type LimitBudget = typeof limitBudgets.$inferSelect;
export type LimitRate = typeof limitRates.$inferSelect;
