"use client";

import dynamic from "next/dynamic";
import { useId } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate } from "@/components/ui/date-time";
import type { MonitorDay } from "@/lib/limits/monitor";
import { RATE_LABELS, type RateField } from "./limits-form";

// recharts is large: it loads after the page (the table below carries the same figures meanwhile)
const MonitorBars = dynamic(() => import("./monitor-bars"), { ssr: false, loading: () => <div className="h-full rounded-md bg-slate-50" /> });

const DAY = 86_400_000;

/** "budget:month" → "Month budget", "tokensPerMinute:openai/*" → "Tokens / minute, openai/*". */
export function limitName(name: string): string {
  const [kind = name, model = ""] = name.split(/:(.*)/s);
  if (kind === "budget") return `${model.charAt(0).toUpperCase()}${model.slice(1)} budget`;
  const label = RATE_LABELS[kind as RateField] ?? kind;
  return model === "*" || model === "" ? `${label}, every model` : `${label}, ${model}`;
}

/** The last 7 UTC days, oldest first, ending with `today` (YYYY-MM-DD). */
function lastSevenDays(today: string): string[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: 7 }, (_, i) => new Date(end - (6 - i) * DAY).toISOString().slice(0, 10));
}

type Props = {
  /** a target's `monitorRefusals` (GET …/limits) */
  days: readonly MonitorDay[];
  /** the last day shown (UTC, YYYY-MM-DD); today by default */
  today?: string;
};

/**
 * What a target's monitor limits would have refused in the last 7 days: bars per day, one
 * series per limit, and the same figures in a table under them.
 */
export function MonitorChart({ days, today = new Date().toISOString().slice(0, 10) }: Props) {
  const captionId = useId();
  const axis = lastSevenDays(today);
  const limits = [...new Set(days.filter((d) => d.refusals > 0).map((d) => d.limit))].sort();
  if (limits.length === 0) {
    return (
      <EmptyState title="No monitor limit would have refused anything in the last 7 days">
        A limit in monitor mode lets every call through and counts here each one it would have refused, so you can try it on live traffic first.
      </EmptyState>
    );
  }
  const count = (day: string, limit: string) => days.filter((d) => d.day === day && d.limit === limit).reduce((n, d) => n + d.refusals, 0);
  const rows = axis.map((day) => ({ day, label: formatDate(`${day}T00:00:00Z`).replace(/, \d{4}$/, ""), ...Object.fromEntries(limits.map((l) => [l, count(day, l)])) }));
  const series = limits.map((l) => ({ key: l, label: limitName(l) }));
  const totals = limits.map((l) => rows.reduce((n, r) => n + ((r as Record<string, number | string>)[l] as number), 0));
  const title = "Calls monitor limits would have refused, per day (UTC), last 7 days";

  return (
    <figure aria-labelledby={captionId} className="space-y-3">
      <figcaption id={captionId} className="font-medium text-slate-900">
        {title}
      </figcaption>
      <div role="img" aria-label={`${title}, as bars: the figures are in the table below the chart.`} className="h-56 w-full">
        <div aria-hidden="true" className="h-full">
          {/* recharts reads "." in a data key as a path: the bars get plain keys */}
          <MonitorBars
            data={rows.map((r) => ({ label: r.label, ...Object.fromEntries(limits.map((l, i) => [`s${i}`, count(r.day, l)])) }))}
            series={series.map((x, i) => ({ key: `s${i}`, label: x.label }))}
          />
        </div>
      </div>
      <div className="overflow-x-auto rounded-md border border-slate-200">
        <table className="w-full text-left text-xs">
          <caption className="sr-only">{title}</caption>
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className="px-2 py-1 font-semibold">Limit</th>
              {rows.map((r) => (
                <th key={r.day} scope="col" className="px-2 py-1 text-right font-semibold whitespace-nowrap">
                  <time dateTime={r.day}>{r.label}</time>
                </th>
              ))}
              <th scope="col" className="px-2 py-1 text-right font-semibold">7 days</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {series.map((s, i) => (
              <tr key={s.key}>
                <th scope="row" className="px-2 py-1 font-normal whitespace-nowrap">
                  {s.label}
                </th>
                {rows.map((r) => (
                  <td key={r.day} className="px-2 py-1 text-right tabular-nums">
                    {((r as Record<string, number | string>)[s.key] as number).toLocaleString("en-US")}
                  </td>
                ))}
                <td className="px-2 py-1 text-right font-medium tabular-nums">{totals[i]!.toLocaleString("en-US")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
