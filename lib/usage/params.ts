import type { UsageParams } from "@/lib/query-keys";
import type { GroupField } from "./series";

// The spend screens' filters and the GET /usage queries they make: one definition for the
// server's first render and the browser's live updates, so both ask the same questions.

export type Filters = {
  /** first and last day shown (UTC, inclusive) */
  from: string;
  to: string;
  bucket: UsageParams["bucket"];
  projectId: string;
  keyId: string;
  model: string;
};

const DIMENSION: Record<GroupField, string> = { projectId: "project", model: "model", environment: "environment", keyId: "key" };

/** "2026-11-28" plus `days`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const monthStart = (date: string) => `${date.slice(0, 8)}01`;
const nextMonth = (date: string) => {
  const d = new Date(`${monthStart(date)}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
};

/** This month, by day, for everything the person may see (or one project). */
export function defaultFilters(today: string, projectId = ""): Filters {
  return { from: monthStart(today), to: addDays(nextMonth(today), -1), bucket: "day", projectId, keyId: "", model: "" };
}

/** The three queries of a spend screen: the chart, the keys and models ranking, and this month's total. */
export function usageParams(filters: Filters, grouping: GroupField, today: string): Record<"chart" | "ranking" | "month", UsageParams> {
  const only = {
    ...(filters.projectId ? { projectId: filters.projectId } : {}),
    ...(filters.keyId ? { keyId: filters.keyId } : {}),
    ...(filters.model ? { model: filters.model } : {}),
  };
  const range = { start: filters.from, end: addDays(filters.to, 1) };
  return {
    chart: { ...range, bucket: filters.bucket, groupBy: DIMENSION[grouping], ...only },
    ranking: { ...range, bucket: "month", groupBy: "key,model", ...only },
    month: { start: monthStart(today), end: nextMonth(today), bucket: "month", ...only },
  };
}
