"use client";

import dynamic from "next/dynamic";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { formatMicros } from "@/lib/models/price";
import { microsToDollarText } from "@/lib/usage/cost";
import { toCsv } from "@/lib/usage/csv";
import type { UsageBucket } from "@/lib/usage/query";
import { bucketLabel, stack, type GroupField } from "@/lib/usage/series";
import { downloadCsv } from "./download";

// recharts is large: it loads after the page (the table below carries the same figures meanwhile)
const SpendBars = dynamic(() => import("./spend-bars"), { ssr: false, loading: () => <div className="h-full rounded-md bg-slate-50" /> });

type Props = {
  title: string;
  buckets: readonly UsageBucket[];
  bucket: "hour" | "day" | "month";
  field: GroupField;
  label: (id: string) => string;
  filename: string;
};

/** Spend per bucket as stacked bars, with the same figures as a table (and CSV) for anyone who cannot use the chart. */
export function SpendChart({ title, buckets, bucket, field, label, filename }: Props) {
  const captionId = useId();
  const { series, rows } = stack(buckets, field, label);
  const data: Record<string, string | number>[] = rows.map((r) => ({ ...r, label: bucketLabel(String(r.start), bucket) }));
  const header = [bucket === "month" ? "Month" : bucket === "day" ? "Day" : "Hour (UTC)", ...series.map((s) => s.label), "Total"];
  const csv = () =>
    toCsv(
      [...header.slice(0, -1).map((h, i) => (i === 0 ? "start" : `${h} (USD)`)), "total (USD)"],
      rows.map((r) => [String(r.start), ...series.map((s) => microsToDollarText(r[s.key] as number)), microsToDollarText(r.total as number)]),
    );

  return (
    <figure aria-labelledby={captionId} className="space-y-3">
      <figcaption id={captionId} className="font-medium text-slate-900">
        {title}
      </figcaption>
      <div role="img" aria-label={`${title}, as stacked bars: the figures are in the table below the chart.`} className="h-72 w-full">
        {/* the bars are for sighted mouse users; everyone else has this label and the table below */}
        <div aria-hidden="true" className="h-full">
          <SpendBars data={data} series={series} />
        </div>
      </div>
      <details className="rounded-md border border-slate-200">
        <summary className="cursor-pointer px-3 py-2 font-medium text-slate-800">Chart data as a table</summary>
        <div className="space-y-2 overflow-x-auto p-3">
          <table className="w-full text-left text-xs">
            <caption className="sr-only">{title}: spend per {bucket}</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                {header.map((h) => (
                  <th key={h} scope="col" className="px-2 py-1 font-semibold">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.map((r) => (
                <tr key={String(r.start)}>
                  <th scope="row" className="px-2 py-1 font-normal whitespace-nowrap">
                    {r.label}
                  </th>
                  {series.map((s) => (
                    <td key={s.key} className="px-2 py-1 tabular-nums">
                      {formatMicros(r[s.key] as number)}
                    </td>
                  ))}
                  <td className="px-2 py-1 font-medium tabular-nums">{formatMicros(r.total as number)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Button variant="secondary" size="sm" onClick={() => downloadCsv(filename, csv())}>
            Download CSV
          </Button>
        </div>
      </details>
    </figure>
  );
}
