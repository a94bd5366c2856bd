"use client";

import dynamic from "next/dynamic";
import { useId } from "react";
import { Card } from "@/components/ui/section";
import { formatUsd } from "@/lib/billing/money";
import type { MonthToDate } from "@/lib/billing/spend";

// recharts is large: it loads after the page; the figures are also in the cards and the table.
const CommitmentBars = dynamic(() => import("./commitment-bars"), { ssr: false, loading: () => <div className="h-full rounded-md bg-slate-50" /> });

const MAX_SERIES = 6;

/** Month-to-date spend against the committed monthly spend, by project, with the forecast to month end. */
export function CommitmentChart({ spend, monthLabel }: { spend: MonthToDate; monthLabel: string }) {
  const captionId = useId();
  const top = spend.byProject.slice(0, MAX_SERIES);
  const rest = spend.byProject.slice(MAX_SERIES).reduce((s, p) => s + p.costMicros, 0);
  const series = [...top.map((p) => ({ key: p.projectId, label: p.name })), ...(rest > 0 ? [{ key: "other", label: "Other projects" }] : [])];
  const mtd: Record<string, string | number> = { label: "Month to date", ...Object.fromEntries(top.map((p) => [p.projectId, p.costMicros])), ...(rest > 0 ? { other: rest } : {}) };
  const data = [mtd, ...(spend.forecastMicros !== null ? [{ label: "Forecast", forecast: spend.forecastMicros }] : [])];
  const committed = spend.committedMicros;
  const share = committed > 0 ? Math.round((spend.totalMicros / committed) * 100) : null;
  const forecastShare = committed > 0 && spend.forecastMicros !== null ? Math.round((spend.forecastMicros / committed) * 100) : null;
  const cards = [
    { label: `Usage in ${monthLabel}`, value: formatUsd(spend.totalMicros), hint: "so far, UTC" },
    { label: "Forecast to month end", value: spend.forecastMicros === null ? "—" : formatUsd(spend.forecastMicros), hint: spend.forecastMicros === null ? "from the month's second day" : "at this month's pace" },
    { label: "Committed monthly spend", value: committed > 0 ? formatUsd(committed) : "None", hint: committed > 0 ? "shortfall billed at month end" : "no commitment in the terms" },
    {
      label: "Against the commitment",
      value: share === null ? "—" : `${share} %`,
      hint: forecastShare === null ? "" : forecastShare >= 100 ? `forecast ${forecastShare} %: on track` : `forecast ${forecastShare} %: shortfall likely`,
    },
  ];
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {cards.map((c) => (
          <Card key={c.label}>
            <dt className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{c.label}</dt>
            <dd className="mt-1 text-lg font-semibold text-slate-900 tabular-nums">{c.value}</dd>
            {c.hint && <dd className="text-xs text-slate-600">{c.hint}</dd>}
          </Card>
        ))}
      </dl>
      <figure aria-labelledby={captionId} className="space-y-2">
        <figcaption id={captionId} className="font-medium text-slate-900">
          Usage by project against the commitment, {monthLabel}
        </figcaption>
        <div role="img" aria-label="Month-to-date usage stacked by project, the forecast and the committed spend: the figures are in the table below." className="h-48 w-full">
          <div aria-hidden="true" className="h-full">
            <CommitmentBars data={data} series={[...series, { key: "forecast", label: "Forecast" }]} committedMicros={committed} />
          </div>
        </div>
      </figure>
      {spend.byProject.length === 0 ? (
        <p className="text-slate-600">No usage yet this month.</p>
      ) : (
        <table className="w-full text-left">
          <caption className="sr-only">Usage by project, {monthLabel}</caption>
          <thead className="border-b border-slate-200 text-xs font-semibold text-slate-700 uppercase">
            <tr>
              <th scope="col" className="px-2 py-1">Project</th>
              <th scope="col" className="px-2 py-1 text-right">Month to date</th>
              <th scope="col" className="px-2 py-1 text-right">Share</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {spend.byProject.map((p) => (
              <tr key={p.projectId}>
                <th scope="row" className="px-2 py-1 font-normal">{p.name}</th>
                <td className="px-2 py-1 text-right tabular-nums">{formatUsd(p.costMicros)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{spend.totalMicros > 0 ? `${Math.round((p.costMicros / spend.totalMicros) * 100)} %` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
