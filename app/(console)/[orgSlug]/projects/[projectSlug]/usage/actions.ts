"use server";

import { projectTarget } from "@/lib/projects/targets";
import { orgAction } from "@/lib/server/action";
import { setBudget } from "@/lib/usage/budget-settings";
import { budgetFormInput } from "@/lib/usage/schemas";

export const setBudgetAction = orgAction(
  {
    input: budgetFormInput,
    permission: "budget.manage",
    target: ({ db, ctx, input }) => projectTarget({ db, ctx, params: { projectId: input.projectId } }),
  },
  async ({ tx, ctx, input: { projectId, amount, thresholds, hardLimit } }) => {
    const budget = await setBudget(tx, ctx, projectId, { monthlyLimitMicros: amount, alertThresholds: thresholds, hardLimit });
    return { exceeded: budget.exceeded };
  },
);
