import { Badge } from "@/components/ui/badge";
import type { BudgetView, RateView } from "@/lib/limits/settings";
import { formatMicros } from "@/lib/models/price";
import { PERIOD_LABELS, RATE_FIELDS, RATE_LABELS } from "./limits-form";

const modeBadge = (mode: string) => <Badge tone={mode === "enforce" ? "warning" : mode === "monitor" ? "info" : "neutral"}>{mode}</Badge>;
const th = "px-3 py-2 font-semibold";
const td = "px-3 py-1.5 tabular-nums";

/** A target's budgets for someone who may read but not change them. */
export function BudgetsReadOnly({ budgets }: { budgets: readonly BudgetView[] }) {
  if (budgets.length === 0) return <p className="text-slate-700">No budget: spend is not limited at this level.</p>;
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200">
      <table className="w-full text-left">
        <caption className="sr-only">Budgets</caption>
        <thead className="bg-slate-50 text-xs text-slate-700 uppercase">
          <tr>
            <th scope="col" className={th}>Period</th>
            <th scope="col" className={th}>Limit</th>
            <th scope="col" className={th}>Alert thresholds</th>
            <th scope="col" className={th}>Mode</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {budgets.map((b) => (
            <tr key={b.period}>
              <th scope="row" className="px-3 py-1.5 font-normal">{PERIOD_LABELS[b.period]}</th>
              <td className={td}>{formatMicros(b.limitMicros)}</td>
              <td className={td}>{b.alertThresholds.length ? b.alertThresholds.map((t) => `${t} %`).join(", ") : "none"}</td>
              <td className={td}>{modeBadge(b.mode)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A target's rate limits for someone who may read but not change them. */
export function RatesReadOnly({ rates }: { rates: readonly RateView[] }) {
  if (rates.length === 0) return <p className="text-slate-700">No rate limit at this level.</p>;
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200">
      <table className="w-full text-left">
        <caption className="sr-only">Rate limits</caption>
        <thead className="bg-slate-50 text-xs text-slate-700 uppercase">
          <tr>
            <th scope="col" className={th}>Model or pattern</th>
            {RATE_FIELDS.map((f) => (
              <th key={f} scope="col" className={th}>{RATE_LABELS[f]}</th>
            ))}
            <th scope="col" className={th}>Mode</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rates.map((r) => (
            <tr key={r.model ?? "*"}>
              <th scope="row" className="px-3 py-1.5 font-mono font-normal">{r.model ?? <span className="font-sans">every model</span>}</th>
              {RATE_FIELDS.map((f) => (
                <td key={f} className={td}>{r[f] === null ? "—" : r[f].toLocaleString("en-US")}</td>
              ))}
              <td className={td}>{modeBadge(r.mode)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
