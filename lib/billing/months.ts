// Calendar months in UTC, 'YYYY-MM' (pure: used by the service and the browser alike).

/** A calendar month in UTC: [start, end). */
export function monthRange(month: string): { start: Date; end: Date } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return { start: new Date(Date.UTC(y, m - 1, 1)), end: new Date(Date.UTC(y, m, 1)) };
}

/** "2026-10" → "October 2026". */
export const monthName = (month: string) =>
  monthRange(month).start.toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
