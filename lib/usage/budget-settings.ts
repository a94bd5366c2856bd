import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { limitBudgets, type LimitBudget } from "@/db/schema";
import { diff, recordChange } from "@/lib/audit/record";
import { announceKeyChange } from "@/lib/keys/invalidation";
import { budgetView as limitBudgetView, limitTarget, resettle } from "@/lib/limits/settings";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import type { BudgetInput } from "./schemas";

// PUT /projects/{projectId}/budget, as before budgets had levels and periods: the project's
// monthly budget, `hardLimit: true` is mode `enforce` and `false` is `alert` (docs/limits.md).

export type BudgetView = {
  projectId: string;
  monthlyLimitMicros: number;
  alertThresholds: number[];
  hardLimit: boolean;
  /** this UTC month, its spend so far, and whether verification refuses the project's keys */
  month: string;
  spentMicros: number;
  exceeded: boolean;
  /** `monitor` when set through the limits API: counted, never refused */
  mode: LimitBudget["mode"];
  updatedAt: string;
};

const monthlyOf = (db: Queryable, projectId: string) =>
  db.select().from(limitBudgets).where(and(eq(limitBudgets.level, "project"), eq(limitBudgets.targetId, projectId), eq(limitBudgets.period, "month")));

async function view(db: Queryable, b: LimitBudget, now: number): Promise<BudgetView> {
  const v = await limitBudgetView(db, b, now);
  return {
    projectId: b.targetId,
    monthlyLimitMicros: b.limitMicros,
    alertThresholds: b.alertThresholds,
    hardLimit: b.mode === "enforce",
    month: v.periodStart.slice(0, 7),
    spentMicros: v.spentMicros,
    exceeded: v.exceeded,
    mode: b.mode,
    updatedAt: v.updatedAt,
  };
}

const settingsOf = (b: LimitBudget | undefined) =>
  b ? { monthlyLimitMicros: b.limitMicros, alertThresholds: b.alertThresholds, hardLimit: b.mode === "enforce" } : null;

/** A project's monthly budget with this month's spend, or null when it has none. */
export async function getBudget(db: Queryable, ctx: RequestContext, projectId: string, now = Date.now()): Promise<BudgetView | null> {
  const target = await limitTarget(db, ctx, "project", projectId);
  const [b] = await monthlyOf(db, target.id);
  return b ? view(db, b, now) : null;
}

/**
 * Sets the project's monthly budget and settles it against this month's spend at once:
 * thresholds the new amount puts out of reach again are re-armed, a lower amount can alert
 * and start refusing keys now, a higher one (or the hard limit off) lifts a refusal.
 */
export async function setBudget(tx: Queryable, ctx: RequestContext, projectId: string, input: BudgetInput, now = Date.now()) {
  const target = await limitTarget(tx, ctx, "project", projectId);
  if (target.archived) throw new AppError("CONFLICT", "This project is archived and read-only. Restore it first.");
  const [before] = await monthlyOf(tx, target.id).for("update");
  const values = { limitMicros: input.monthlyLimitMicros, alertThresholds: input.alertThresholds, mode: input.hardLimit ? ("enforce" as const) : ("alert" as const) };
  await tx
    .insert(limitBudgets)
    .values({ organizationId: target.organizationId, level: "project", targetId: target.id, period: "month", ...values })
    .onConflictDoUpdate({ target: [limitBudgets.level, limitBudgets.targetId, limitBudgets.period], set: { ...values, updatedAt: new Date() } });
  const [after] = await monthlyOf(tx, target.id);
  const all = await tx.select().from(limitBudgets).where(and(eq(limitBudgets.level, "project"), eq(limitBudgets.targetId, target.id)));
  await resettle(tx, target, all, now);
  const result = await view(tx, after!, now);
  const changes = diff({ budget: settingsOf(before) } as Record<string, unknown>, { budget: settingsOf(after) });
  if (Object.keys(changes).length === 0) return result;
  await announceKeyChange(tx, ctx, { kind: "project", id: target.id });
  await recordChange(tx, ctx, {
    action: "budget.updated",
    target: { type: "project", id: target.id },
    changes,
    event: { type: "project.updated", data: { project: { id: target.id, name: target.name }, budget: result, changes } },
  });
  return result;
}
