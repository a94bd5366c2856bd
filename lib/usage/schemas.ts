import { z } from "zod";
import { BUCKETS } from "./buckets";
import { dollarsToMicros } from "./cost";

const MAX_TOKENS = 2_147_483_647;
const tokens = z.number().int("must be a whole number").min(0, "must not be negative").max(MAX_TOKENS, `must be at most ${MAX_TOKENS}`);

/** One usage event as the platform reports it (POST /usage). */
export const usageEventSchema = z.strictObject({
  id: z.string().min(1, "must not be empty").max(128, "must be at most 128 characters"),
  keyId: z.string().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  model: z.string().min(1, "must not be empty").max(128, "must be at most 128 characters"),
  inputTokens: tokens,
  outputTokens: tokens,
  timestamp: z.iso.datetime({ offset: true, message: "must be an ISO-8601 date and time" }),
  requestId: z.string().max(200, "must be at most 200 characters").optional(),
  /** the hold taken when the call was verified: accepting the event settles it (docs/limits.md) */
  holdId: z.string().min(1, "must not be empty").max(100, "must be at most 100 characters").optional(),
});
export type UsageEvent = z.infer<typeof usageEventSchema>;

/** Why one event of a batch was not stored, in the order the checks run. */
export const REJECTION_CODES = ["INVALID_EVENT", "TIMESTAMP_OUT_OF_RANGE", "UNKNOWN_KEY", "UNKNOWN_MODEL"] as const;

const events = { min: [1, "must hold 1 to 1000 events"], max: [1000, "must hold 1 to 1000 events"] } as const;

/** The documented body: every event in full (the OpenAPI document). */
export const ingestBody = z.strictObject({ events: z.array(usageEventSchema).min(...events.min).max(...events.max) });

/** What the route parses: each event is checked on its own, so one bad event rejects only itself. */
export const ingestEnvelope = z.strictObject({ events: z.array(z.unknown()).min(...events.min).max(...events.max) });

export const USAGE_DIMENSIONS = ["project", "environment", "key", "model"] as const;
export type UsageDimension = (typeof USAGE_DIMENSIONS)[number];

const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "must be an ISO-8601 date or date and time" });

/** GET /usage */
export const usageQuery = z.strictObject({
  start: instant.optional().describe("start of the range (default: the start of this UTC month)"),
  end: instant.optional().describe("end of the range, exclusive (default: now)"),
  bucket: z.enum(BUCKETS, { error: "must be hour, day or month" }).default("day"),
  groupBy: z
    .string()
    .max(100)
    .optional()
    .transform((v, ctx) => {
      const list = v ? [...new Set(v.split(",").map((s) => s.trim()).filter(Boolean))] : [];
      const unknown = list.filter((d) => !(USAGE_DIMENSIONS as readonly string[]).includes(d));
      if (unknown.length) ctx.addIssue({ code: "custom", message: `${unknown.join(", ")}: must be a comma list of project, environment, key, model` });
      return list as UsageDimension[];
    })
    .describe("comma list of project, environment, key, model"),
  projectId: z.string().min(1).max(100).optional(),
  keyId: z.string().min(1).max(100).optional(),
  model: z.string().min(1).max(128).optional(),
});
export type UsageQuery = z.output<typeof usageQuery>;

const MAX_MICROS = Number.MAX_SAFE_INTEGER;

const thresholdList = z
  .array(z.number().int("must be a whole percentage").min(1, "must be 1 to 1000").max(1000, "must be 1 to 1000"))
  .max(10, "must list at most 10 thresholds")
  .transform((list) => [...new Set(list)].sort((a, b) => a - b));

/** PUT /projects/{projectId}/budget */
export const budgetInput = z.strictObject({
  monthlyLimitMicros: z.number().int("must be a whole number of micro-dollars").min(1, "must be more than zero").max(MAX_MICROS, "is too large"),
  alertThresholds: thresholdList.default([50, 80, 100]),
  hardLimit: z.boolean().default(false),
});
export type BudgetInput = z.output<typeof budgetInput>;

/** The console's budget form: dollars as typed (converted to micro-dollars exactly) and thresholds as "50, 80, 100". */
export const budgetFormInput = z.strictObject({
  projectId: z.string().min(1),
  amount: z
    .string()
    .transform((v, ctx) => {
      const micros = dollarsToMicros(v);
      if (micros === null) ctx.addIssue({ code: "custom", message: "must be a dollar amount such as 1250 or 1250.50" });
      return micros ?? 0;
    })
    .pipe(budgetInput.shape.monthlyLimitMicros),
  thresholds: z
    .string()
    .transform((v, ctx) => {
      const parts = v.split(/[\s,%]+/).filter(Boolean);
      if (parts.some((p) => !/^\d+$/.test(p))) ctx.addIssue({ code: "custom", message: "must be whole percentages separated by commas, such as 50, 80, 100" });
      return parts.map(Number);
    })
    .pipe(thresholdList),
  hardLimit: z.boolean(),
});
