import { Badge } from "@/components/ui/badge";
import { formatMicros } from "@/lib/models/price";
import type { BudgetView } from "@/lib/usage/budget-settings";

/** This month's spend against the budget, its thresholds and whether the hard limit refuses keys now. */
export function BudgetStatus({ budget }: { budget: BudgetView | null }) {
  if (!budget) return <p className="text-slate-700">This project has no budget: its spend is not limited and no alert is sent.</p>;
  const percent = Math.floor((budget.spentMicros * 100) / budget.monthlyLimitMicros);
  const month = new Date(`${budget.month}-01T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  return (
    <div className="space-y-2">
      <p className="text-slate-800">
        <strong className="font-semibold">{formatMicros(budget.spentMicros)}</strong> of {formatMicros(budget.monthlyLimitMicros)} spent in {month} ({percent} %) ·
        alerts at {budget.alertThresholds.length ? budget.alertThresholds.map((t) => `${t} %`).join(", ") : "no threshold"} ·{" "}
        {budget.hardLimit ? <Badge tone="warning">Hard limit on</Badge> : <Badge>Alerts only</Badge>}
      </p>
      <div
        role="progressbar"
        aria-label="Share of this month's budget spent"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(percent, 100)}
        aria-valuetext={`${percent} %`}
        className="h-2 w-full max-w-xl overflow-hidden rounded-full bg-slate-200"
      >
        <div className={`h-full ${percent >= 100 ? "bg-red-600" : percent >= 80 ? "bg-amber-500" : "bg-indigo-600"}`} style={{ width: `${Math.min(percent, 100)}%` }} />
      </div>
      {budget.exceeded && (
        <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">
          The budget is used up and the hard limit is on: verification refuses this project&apos;s keys with BUDGET_EXCEEDED until the month ends or the
          budget is raised.
        </p>
      )}
    </div>
  );
}
