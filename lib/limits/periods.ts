import type { BudgetPeriod } from "@/db/schema";

// The windows of limits, in UTC: budget periods (day, ISO week from Monday, calendar month)
// and the minute and day windows of rate limits (docs/limits.md).

const DAY = 86_400_000;
export const MINUTE = 60_000;

export type Span = { start: number; end: number };

/** The UTC day of `ms`: "2026-12-04". */
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Budgets listed shortest period first. */
export const PERIOD_ORDER: Record<BudgetPeriod, number> = { day: 0, week: 1, month: 2 };

/** The period holding `now`: its first day ("2026-12-01") and its bounds in ms. */
export function periodOf(period: BudgetPeriod, now: number): Span & { startDay: string } {
  const today = Math.floor(now / DAY) * DAY;
  let start: number;
  let end: number;
  if (period === "day") {
    start = today;
    end = today + DAY;
  } else if (period === "week") {
    const weekday = (new Date(today).getUTCDay() + 6) % 7; // Monday 0
    start = today - weekday * DAY;
    end = start + 7 * DAY;
  } else {
    const d = new Date(now);
    start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return { start, end, startDay: isoDay(start) };
}

/** "daily", "weekly", "monthly": how a budget of the period is named in messages. */
export const PERIOD_ADJECTIVES: Record<BudgetPeriod, string> = { day: "daily", week: "weekly", month: "monthly" };

export function minuteOf(now: number): Span {
  const start = now - (now % MINUTE);
  return { start, end: start + MINUTE };
}

export function dayOf(now: number): Span & { startDay: string } {
  return periodOf("day", now);
}
