import { Card } from "@/components/ui/section";
import { forecastMonth, type Sums } from "@/lib/usage/series";

/** Micro-dollars to the cent, rounded half up, for the headline figures (tables below keep every micro-dollar). */
const cents = (micros: number) =>
  `$${(Math.floor((micros + 5_000) / 10_000) / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** This month's spend so far, the forecast to its end at the pace so far, requests and tokens. */
export function MonthSummary({ month, sums, at }: { month: string; sums: Sums | null; at: number }) {
  const forecast = sums ? forecastMonth(sums.costMicros, at) : null;
  const items = [
    { label: `Spend in ${month}`, value: sums ? cents(sums.costMicros) : "…", hint: "UTC calendar month, so far" },
    { label: "Forecast to month end", value: forecast === null ? "—" : cents(forecast), hint: forecast === null ? "from the month's second day" : "at this month's pace so far" },
    { label: "Requests this month", value: sums ? sums.requests.toLocaleString("en-US") : "…" },
    { label: "Tokens this month", value: sums ? `${sums.inputTokens.toLocaleString("en-US")} in · ${sums.outputTokens.toLocaleString("en-US")} out` : "…" },
  ];
  return (
    <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
      {items.map((item) => (
        <Card key={item.label}>
          <dt className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{item.label}</dt>
          <dd className="mt-1 text-lg font-semibold text-slate-900 tabular-nums">{item.value}</dd>
          {item.hint && <dd className="text-xs text-slate-600">{item.hint}</dd>}
        </Card>
      ))}
    </dl>
  );
}
