"use client";

import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { microsToDollarText } from "@/lib/usage/cost";
import { setBudgetAction } from "../actions";

type Props = {
  orgSlug: string;
  projectId: string;
  budget: { monthlyLimitMicros: number; alertThresholds: number[]; hardLimit: boolean } | null;
  disabled: boolean;
};

/** The project's monthly budget (owners and finance owners): amount in dollars, alert thresholds, hard limit. */
export function BudgetForm({ orgSlug, projectId, budget, disabled }: Props) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["amount", "thresholds", "hardLimit"]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    run(
      () =>
        setBudgetAction(orgSlug, {
          projectId,
          amount: String(form.get("amount") ?? ""),
          thresholds: String(form.get("thresholds") ?? ""),
          hardLimit: form.get("hardLimit") === "on",
        }),
      (data) => (data.exceeded ? "Budget saved. This month's spend is over it: the project's keys are refused." : "Budget saved."),
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="Monthly budget">
      <fieldset disabled={disabled} className="max-w-xl space-y-3">
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            label="Monthly budget (USD)"
            name="amount"
            inputMode="decimal"
            defaultValue={budget ? microsToDollarText(budget.monthlyLimitMicros) : ""}
            placeholder="1000"
            required
            error={errors.amount}
            hint="Per UTC calendar month, up to six decimals."
          />
          <Field
            label="Alert thresholds (%)"
            name="thresholds"
            defaultValue={(budget?.alertThresholds ?? [50, 80, 100]).join(", ")}
            error={errors.thresholds}
            hint="Each sends one email and event per month when reached."
          />
        </div>
        <Checkbox
          label="Hard limit"
          name="hardLimit"
          defaultChecked={budget?.hardLimit ?? false}
          hint="Refuse the project's keys (BUDGET_EXCEEDED) once the month's spend reaches the budget, until the month ends or the budget is raised."
        />
        <StatusMessage error={formError}>{message}</StatusMessage>
        <Button type="submit" disabled={pending}>
          Save budget
        </Button>
      </fieldset>
    </form>
  );
}
