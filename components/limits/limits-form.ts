import type { BudgetView, LimitsView, RateView } from "@/lib/limits/settings";
import { matchesEntry } from "@/lib/models/match";
import { dollarsToMicros, microsToDollarText } from "@/lib/usage/cost";

// The limits editor's rows as typed (text), checked in place with the rules of
// lib/limits/schemas.ts, and turned into the PUT body. Errors are keyed by the API's paths
// (`budgets.0.limitMicros`), so a 400's `details` land on the same fields.

export const PERIODS = ["day", "week", "month"] as const;
export const BUDGET_MODES = ["enforce", "monitor", "alert"] as const;
export const RATE_MODES = ["enforce", "monitor"] as const;
export const RATE_FIELDS = ["requestsPerMinute", "tokensPerMinute", "requestsPerDay", "tokensPerDay"] as const;
export type RateField = (typeof RATE_FIELDS)[number];
export type Section = "budgets" | "rateLimits";

export const PERIOD_LABELS = { day: "Day (UTC)", week: "Week (ISO, UTC)", month: "Month (UTC)" } as const;
export const BUDGET_MODE_LABELS = { enforce: "Enforce (refuse)", monitor: "Monitor (count only)", alert: "Alert (notify only)" } as const;

export const RATE_LABELS: Record<RateField, string> = {
  requestsPerMinute: "Requests / minute",
  tokensPerMinute: "Tokens / minute",
  requestsPerDay: "Requests / day",
  tokensPerDay: "Tokens / day",
};
const RATE_MAX: Record<RateField, number> = { requestsPerMinute: 100_000_000, tokensPerMinute: 2_000_000_000, requestsPerDay: 2_000_000_000, tokensPerDay: 1_000_000_000_000 };
const MAX_MICROS = 1_000_000_000_000_000;

export type BudgetRow = { key: string; saved: boolean; period: (typeof PERIODS)[number]; amount: string; thresholds: string; mode: (typeof BUDGET_MODES)[number] };
export type RateRow = { key: string; saved: boolean; model: string; mode: (typeof RATE_MODES)[number] } & Record<RateField, string>;
/** path → message fragment ("must be more than zero"), shown after the field's label */
export type Errors = Record<string, string>;

let next = 0;
const rowKey = () => `row-${++next}`;

export const budgetRows = (budgets: readonly BudgetView[]): BudgetRow[] =>
  budgets.map((b) => ({ key: rowKey(), saved: true, period: b.period, amount: microsToDollarText(b.limitMicros), thresholds: b.alertThresholds.join(", "), mode: b.mode }));

export const rateRows = (rates: readonly RateView[]): RateRow[] =>
  rates.map((r) => ({
    key: rowKey(),
    saved: true,
    model: r.model ?? "",
    mode: r.mode,
    ...(Object.fromEntries(RATE_FIELDS.map((f) => [f, r[f] === null ? "" : String(r[f])])) as Record<RateField, string>),
  }));

/** A new budget row: the first period not taken yet (month first). */
export function newBudgetRow(rows: readonly BudgetRow[]): BudgetRow {
  const period = (["month", "week", "day"] as const).find((p) => !rows.some((r) => r.period === p)) ?? "month";
  return { key: rowKey(), saved: false, period, amount: "", thresholds: "50, 80, 100", mode: "enforce" };
}

export const newRateRow = (): RateRow => ({ key: rowKey(), saved: false, model: "", mode: "enforce", requestsPerMinute: "", tokensPerMinute: "", requestsPerDay: "", tokensPerDay: "" });

const splitNumbers = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

function checkBudget(row: BudgetRow, i: number, rows: readonly BudgetRow[], errors: Errors) {
  const at = `budgets.${i}`;
  const first = rows.findIndex((r) => r.period === row.period);
  if (first !== i) errors[`${at}.period`] = `is already used by budget ${first + 1}: one ${row.period} budget per target`;
  const micros = row.amount.trim() === "" ? 0 : dollarsToMicros(row.amount);
  if (micros === null) errors[`${at}.limitMicros`] = "must be an amount in dollars, such as 1250 or 0.50 (up to six decimals)";
  else if (micros < 1) errors[`${at}.limitMicros`] = "must be more than zero";
  else if (micros > MAX_MICROS) errors[`${at}.limitMicros`] = "must be at most $1,000,000,000";
  const parts = splitNumbers(row.thresholds);
  const bad = parts.find((p) => !/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 100);
  if (bad !== undefined) errors[`${at}.alertThresholds`] = `must each be a whole percentage from 1 to 100 (${bad} is not)`;
  else if (new Set(parts.map(Number)).size > 10) errors[`${at}.alertThresholds`] = "must list at most 10 thresholds";
}

function checkRate(row: RateRow, i: number, rows: readonly RateRow[], models: readonly string[], errors: Errors) {
  const at = `rateLimits.${i}`;
  const model = row.model.trim();
  const first = rows.findIndex((r) => r.model.trim() === model);
  if (first !== i) errors[`${at}.model`] = `is already used by rate limit ${first + 1}: one rate limit per model or pattern`;
  else if (model.length > 128) errors[`${at}.model`] = "must be at most 128 characters";
  else if (model && models.length > 0 && !models.some((id) => matchesEntry(id, model)))
    errors[`${at}.model`] = model.endsWith("*") ? `“${model}” matches no model of the catalog` : `“${model}” is no model of the catalog (end it with * for a prefix pattern)`;
  for (const f of RATE_FIELDS) {
    const text = row[f].replace(/[,_\s]/g, "");
    if (text === "") continue;
    if (!/^\d+$/.test(text)) errors[`${at}.${f}`] = "must be a whole number";
    else if (Number(text) < 1) errors[`${at}.${f}`] = "must be more than zero";
    else if (Number(text) > RATE_MAX[f]) errors[`${at}.${f}`] = `must be at most ${RATE_MAX[f].toLocaleString("en-US")}`;
  }
  // shown on the first of the four: "Requests / minute or one of the three numbers beside it is needed"
  if (RATE_FIELDS.every((f) => row[f].trim() === "")) errors[at] = "or one of the three numbers beside it is needed";
}

/** Every problem of a section before it is sent (empty: fine). */
export function validate(section: Section, budgets: readonly BudgetRow[], rates: readonly RateRow[], models: readonly string[]): Errors {
  const errors: Errors = {};
  if (section === "budgets") budgets.forEach((r, i) => checkBudget(r, i, budgets, errors));
  else rates.forEach((r, i) => checkRate(r, i, rates, models, errors));
  return errors;
}

const count = (text: string) => (text.trim() === "" ? null : Number(text.replace(/[,_\s]/g, "")));

/** The PUT body of one section (only that section, so each permission saves its own). */
export function body(section: Section, budgets: readonly BudgetRow[], rates: readonly RateRow[]) {
  if (section === "budgets") {
    return {
      budgets: budgets.map((r) => ({
        period: r.period,
        limitMicros: dollarsToMicros(r.amount)!,
        alertThresholds: [...new Set(splitNumbers(r.thresholds).map(Number))].sort((a, b) => a - b),
        mode: r.mode,
      })),
    };
  }
  return {
    rateLimits: rates.map((r) => ({ model: r.model.trim() || null, mode: r.mode, ...Object.fromEntries(RATE_FIELDS.map((f) => [f, count(r[f])])) })),
  };
}

const KNOWN: Record<Section, readonly string[]> = { budgets: ["period", "limitMicros", "alertThresholds", "mode"], rateLimits: ["model", "mode", ...RATE_FIELDS] };

/**
 * A 400's `details` on the editor's fields: `budgets.0.alertThresholds.2` → the thresholds of
 * budget 1; what names no field of the section comes back apart.
 */
export function serverErrors(section: Section, details: readonly { path: string; message: string }[]) {
  const errors: Errors = {};
  const other: string[] = [];
  for (const d of details) {
    const m = /^(budgets|rateLimits)\.(\d+)(?:\.([A-Za-z]+))?/.exec(d.path);
    if (!m || m[1] !== section) {
      other.push(`${d.path}: ${d.message}`);
      continue;
    }
    const field = m[3] && KNOWN[section].includes(m[3]) ? m[3] : null;
    const path = field ? `${m[1]}.${m[2]}.${field}` : `${m[1]}.${m[2]}`;
    const message = m[3] && !field ? `${m[3]} ${d.message}` : d.message;
    if (!errors[path]) errors[path] = message;
    else if (!errors[path].split("; ").includes(message)) errors[path] += `; ${message}`;
  }
  return { errors, other };
}

export type { LimitsView };
