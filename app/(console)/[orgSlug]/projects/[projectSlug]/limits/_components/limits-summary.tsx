import { BudgetBar } from "@/components/limits/budget-bar";
import { Badge } from "@/components/ui/badge";
import type { LimitsView } from "@/lib/limits/settings";

const PERIODS = { day: "Daily", week: "Weekly", month: "Monthly" } as const;
const MODES = { enforce: "Enforce", monitor: "Monitor", alert: "Alert only" } as const;
const RATES = [
  ["requestsPerMinute", "Requests / minute"],
  ["tokensPerMinute", "Tokens / minute"],
  ["requestsPerDay", "Requests / day"],
  ["tokensPerDay", "Tokens / day"],
] as const;

const count = (n: number | null) => (n === null ? <span className="text-slate-500">—</span> : n.toLocaleString("en-US"));

/** A target's budgets (this period's spend as bars) and rate limits (as a table), as they stand. */
export function LimitsSummary({ view, what, showRates }: {
  view: LimitsView;
  what: string;
  /** the rate limits as a table (when there are any); left out where the editor below shows them read-only already */
  showRates: boolean;
}) {
  return (
    <div className="space-y-5">
      <div className="space-y-3">
        <h3 className="font-semibold text-slate-900">Spend against budgets</h3>
        {view.budgets.length === 0 ? (
          <p className="text-slate-600">No budget is set on {what}.</p>
        ) : (
          <ul className="space-y-4">
            {view.budgets.map((b) => (
              <li key={b.period} className="flex flex-wrap items-start gap-x-6 gap-y-2">
                <div className="min-w-0 flex-1 basis-96">
                  <BudgetBar used={b.spentMicros} held={b.heldMicros ?? 0} limit={b.limitMicros} unit="micros" resetAt={b.resetAt} label={`${PERIODS[b.period]} budget`} />
                  <p className="mt-1 text-xs text-slate-600">Alerts at {b.alertThresholds.length ? b.alertThresholds.map((t) => `${t} %`).join(", ") : "no threshold"}</p>
                </div>
                <div className="flex shrink-0 flex-wrap gap-1.5 sm:w-52 sm:justify-end">
                  <Badge tone={b.mode === "enforce" ? "neutral" : "info"}>{MODES[b.mode]}</Badge>
                  {b.exceeded && (
                    <Badge tone="danger">
                      <span aria-hidden="true">✗&nbsp;</span>Used up: refuses
                    </Badge>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      {showRates && view.rateLimits.length > 0 && (
        <div className="space-y-3">
          <h3 className="font-semibold text-slate-900">Rate limits in force</h3>
          <div className="overflow-x-auto rounded-lg border border-slate-200">
            <table className="w-full text-left">
              <caption className="sr-only">Rate limits of {what}</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-700 uppercase">
                <tr>
                  <th scope="col" className="px-3 py-2">Model</th>
                  {RATES.map(([field, label]) => (
                    <th key={field} scope="col" className="px-3 py-2 text-right">
                      {label}
                    </th>
                  ))}
                  <th scope="col" className="px-3 py-2">Mode</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {view.rateLimits.map((r) => (
                  <tr key={r.model ?? ""}>
                    <td className="px-3 py-1.5 font-mono text-xs">{r.model ?? <span className="font-sans text-sm">All models</span>}</td>
                    {RATES.map(([field]) => (
                      <td key={field} className="px-3 py-1.5 text-right tabular-nums">
                        {count(r[field])}
                      </td>
                    ))}
                    <td className="px-3 py-1.5">
                      <Badge tone={r.mode === "enforce" ? "neutral" : "info"}>{MODES[r.mode]}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}
