import { z } from "zod";
import { BUDGET_MODES, BUDGET_PERIODS, RATE_MODES } from "@/db/schema";
import { RATE_FIELDS } from "./rules";

// The bodies of PUT /organization/limits, /projects/{projectId}/limits and /keys/{keyId}/limits.

const MAX_MICROS = 1_000_000_000_000_000; // a billion dollars
const positive = (max: number, what: string) =>
  z.number().int(`must be a whole number of ${what}`).min(1, "must be more than zero").max(max, `must be at most ${max}`);

export const budgetLimitInput = z.strictObject({
  period: z.enum(BUDGET_PERIODS, "must be day, week or month"),
  limitMicros: positive(MAX_MICROS, "micro-dollars"),
  alertThresholds: z
    .array(z.number().int("must be a whole percentage").min(1, "must be 1 to 100").max(100, "must be 1 to 100"))
    .max(10, "must list at most 10 thresholds")
    .transform((list) => [...new Set(list)].sort((a, b) => a - b))
    .default([50, 80, 100]),
  mode: z.enum(BUDGET_MODES, "must be enforce, monitor or alert").default("enforce"),
});

export const rateLimitInput = z
  .strictObject({
    model: z.string().min(1, "must not be empty").max(128, "must be at most 128 characters").nullable().default(null),
    requestsPerMinute: positive(100_000_000, "requests").nullable().default(null),
    tokensPerMinute: positive(2_000_000_000, "tokens").nullable().default(null),
    requestsPerDay: positive(2_000_000_000, "requests").nullable().default(null),
    tokensPerDay: positive(1_000_000_000_000, "tokens").nullable().default(null),
    mode: z.enum(RATE_MODES, "must be enforce or monitor").default("enforce"),
  })
  .refine((r) => RATE_FIELDS.some((f) => r[f] !== null), { message: `needs at least one of ${RATE_FIELDS.join(", ")}` });

export const limitsInput = z
  .strictObject({
    budgets: z
      .array(budgetLimitInput)
      .max(3, "must hold at most one budget per period")
      .superRefine((list, ctx) => {
        list.forEach((b, i) => {
          if (list.findIndex((o) => o.period === b.period) !== i) ctx.addIssue({ code: "custom", path: [i, "period"], message: `only one ${b.period} budget per target` });
        });
      })
      .optional(),
    rateLimits: z
      .array(rateLimitInput)
      .max(20, "must hold at most 20 rate limits")
      .superRefine((list, ctx) => {
        list.forEach((r, i) => {
          if (list.findIndex((o) => o.model === r.model) !== i) ctx.addIssue({ code: "custom", path: [i, "model"], message: "only one rate limit per model or pattern" });
        });
      })
      .optional(),
  })
  .refine((v) => v.budgets !== undefined || v.rateLimits !== undefined, { message: "must set budgets, rateLimits or both" });

export type BudgetLimitInput = z.output<typeof budgetLimitInput>;
export type RateLimitInput = z.output<typeof rateLimitInput>;
export type LimitsInput = z.output<typeof limitsInput>;

export const effectiveLimitsQuery = z.strictObject({ model: z.string().min(1, "must not be empty").max(128, "must be at most 128 characters").optional() });
