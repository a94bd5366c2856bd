import type { UsageBucket, UsageResult } from "@/lib/usage/query";

// Pure shapes for the spend screens: stacked chart rows, rankings and the month's forecast.

export type Sums = { requests: number; inputTokens: number; outputTokens: number; costMicros: number };
export type GroupField = "projectId" | "model" | "environment" | "keyId";
export type Series = { key: string; label: string };

const zero = (): Sums => ({ requests: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 });

function add(into: Sums, r: Sums) {
  into.requests += r.requests;
  into.inputTokens += r.inputTokens;
  into.outputTokens += r.outputTokens;
  into.costMicros += r.costMicros;
}

export const OTHER = "other";

/** Totals over every bucket and result. */
export function total(buckets: readonly UsageBucket[]): Sums {
  const sums = zero();
  for (const b of buckets) for (const r of b.results) add(sums, r);
  return sums;
}

/** Totals per value of the fields (a key, a model, a key and model…), most spend first. */
export function rank<F extends GroupField>(buckets: readonly UsageBucket[], fields: readonly F[]): (Sums & Record<F, string>)[] {
  const groups = new Map<string, Sums & Record<F, string>>();
  for (const b of buckets) {
    for (const r of b.results) {
      const id = fields.map((f) => r[f] ?? "").join("\u0000");
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { ...zero(), ...(Object.fromEntries(fields.map((f) => [f, r[f] ?? ""])) as Record<F, string>) }));
      add(g, r);
    }
  }
  return [...groups.values()].sort((a, b) => b.costMicros - a.costMicros || b.requests - a.requests);
}

/**
 * One row per bucket with the spend (micro-dollars) of each series: the `max` series with
 * the most spend over the range, the rest summed as "Other".
 */
export function stack(buckets: readonly UsageBucket[], field: GroupField, label: (id: string) => string, max = 7) {
  const top = rank(buckets, [field]).slice(0, max).map((g) => g[field]);
  const kept = new Set(top);
  const hasOther = buckets.some((b) => b.results.some((r: UsageResult) => !kept.has(r[field] ?? "") && r.costMicros > 0));
  const series: Series[] = [...top.map((id) => ({ key: id, label: label(id) })), ...(hasOther ? [{ key: OTHER, label: "Other" }] : [])];
  const rows = buckets.map((b) => {
    const row: Record<string, number | string> = { start: b.start, total: 0 };
    for (const s of series) row[s.key] = 0;
    for (const r of b.results) {
      const id = r[field] ?? "";
      const key = kept.has(id) ? id : OTHER;
      row[key] = (row[key] as number) + r.costMicros;
      row.total = (row.total as number) + r.costMicros;
    }
    return row;
  });
  return { series, rows };
}

const DAY = 86_400_000;

/**
 * This month's spend at the pace so far, to the end of the (UTC) month; null in the first
 * day, when a pace means nothing yet.
 */
export function forecastMonth(spentMicros: number, now: number): number | null {
  const d = new Date(now);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  if (now - start < DAY) return null;
  return Math.round((spentMicros * (end - start)) / (now - start));
}

/** A bucket's start as a short UTC label: "Nov 3", "Nov 3 14:00", "Nov 2026". */
export function bucketLabel(iso: string, bucket: "hour" | "day" | "month"): string {
  const d = new Date(iso);
  const day = d.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  if (bucket === "day") return day;
  if (bucket === "hour") return `${day} ${iso.slice(11, 16)}`;
  return d.toLocaleDateString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
}
