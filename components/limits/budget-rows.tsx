"use client";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { formatMicros } from "@/lib/models/price";
import { dollarsToMicros } from "@/lib/usage/cost";
import { BUDGET_MODE_LABELS, BUDGET_MODES, PERIOD_LABELS, PERIODS, type BudgetRow, type Errors } from "./limits-form";

type Props = {
  row: BudgetRow;
  index: number;
  errors: Errors;
  onChange: (patch: Partial<BudgetRow>, field: keyof BudgetRow) => void;
  onRemove: () => void;
};

/** One budget as a row of labelled fields; removing a saved enforce budget asks first. */
export function BudgetRowFields({ row, index, errors, onChange, onRemove }: Props) {
  const at = `budgets.${index}`;
  const micros = dollarsToMicros(row.amount);
  const name = `the ${row.period} budget${micros ? ` of ${formatMicros(micros)}` : ""}`;
  return (
    <fieldset className="grid items-start gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-2 lg:grid-cols-[9rem_1fr_1fr_15rem_auto]">
      <legend className="sr-only">Budget {index + 1}</legend>
      <Select
        label="Period"
        value={row.period}
        error={errors[`${at}.period`]}
        onChange={(e) => onChange({ period: e.target.value as BudgetRow["period"] }, "period")}
        options={PERIODS.map((p) => ({ value: p, label: PERIOD_LABELS[p] }))}
      />
      <Field
        label="Limit (USD)"
        inputMode="decimal"
        autoComplete="off"
        placeholder="1000"
        value={row.amount}
        error={errors[`${at}.limitMicros`]}
        onChange={(e) => onChange({ amount: e.target.value }, "amount")}
      />
      <Field
        label="Alert thresholds (%)"
        autoComplete="off"
        placeholder="50, 80, 100"
        value={row.thresholds}
        error={errors[`${at}.alertThresholds`]}
        hint="1 to 100, comma-separated; empty: no alert"
        onChange={(e) => onChange({ thresholds: e.target.value }, "thresholds")}
      />
      <Select
        label="Mode"
        value={row.mode}
        error={errors[`${at}.mode`]}
        onChange={(e) => onChange({ mode: e.target.value as BudgetRow["mode"] }, "mode")}
        options={BUDGET_MODES.map((m) => ({ value: m, label: BUDGET_MODE_LABELS[m] }))}
      />
      <div className="lg:pt-6">
        {row.saved && row.mode === "enforce" ? (
          <ConfirmDialog
            trigger={
              <>
                Remove<span className="sr-only"> budget {index + 1}</span>
              </>
            }
            triggerVariant="secondary"
            triggerSize="md"
            title={`Remove ${name}?`}
            confirmLabel="Remove budget"
            onConfirm={async () => {
              onRemove();
              return { ok: true };
            }}
          >
            <p>This budget is enforced: verification refuses the keys it covers once it is reached.</p>
            <p>Once you save the budgets, nothing refuses at this limit any more.</p>
          </ConfirmDialog>
        ) : (
          <Button variant="secondary" onClick={onRemove}>
            Remove<span className="sr-only"> budget {index + 1}</span>
          </Button>
        )}
      </div>
      {errors[at] && <p className="text-red-700 sm:col-span-full">Budget {index + 1} {errors[at]}</p>}
    </fieldset>
  );
}
