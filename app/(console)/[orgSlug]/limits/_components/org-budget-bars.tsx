import { BudgetBar } from "@/components/limits/budget-bar";
import { Badge } from "@/components/ui/badge";
import type { BudgetView } from "@/lib/limits/settings";

const PERIODS = { day: "Daily budget (UTC day)", week: "Weekly budget (ISO week)", month: "Monthly budget (calendar month)" } as const;
const MODES = { enforce: "Enforce", monitor: "Monitor", alert: "Alert only" } as const;

/** The organization's own budgets: this period's spend against each, as bars with their figures. */
export function OrgBudgetBars({ budgets }: { budgets: readonly BudgetView[] }) {
  if (budgets.length === 0) return <p className="text-slate-700">The organization has no budget of its own: its spend is limited only where projects or keys set one.</p>;
  return (
    <ul className="space-y-4">
      {budgets.map((b) => (
        <li key={b.period} className="flex flex-wrap items-start gap-x-6 gap-y-2">
          <div className="min-w-0 flex-1 basis-96">
            <BudgetBar used={b.spentMicros} held={b.heldMicros ?? 0} limit={b.limitMicros} unit="micros" resetAt={b.resetAt} label={PERIODS[b.period]} />
          </div>
          <div className="flex shrink-0 flex-wrap gap-1.5 sm:w-56 sm:justify-end">
            <Badge tone={b.mode === "enforce" ? "warning" : "info"}>{MODES[b.mode]}</Badge>
            {b.exceeded && <Badge tone="danger">Used up: refuses every key</Badge>}
            {!b.exceeded && b.mode !== "enforce" && b.spentMicros >= b.limitMicros && <Badge tone="neutral">Passed: would refuse</Badge>}
          </div>
        </li>
      ))}
    </ul>
  );
}
