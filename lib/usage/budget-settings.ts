import { eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { budgets, type Budget } from "@/db/schema";
import { diff, recordChange } from "@/lib/audit/record";
import { announceKeyChange } from "@/lib/keys/invalidation";
import { loadProject } from "@/lib/projects/service";
import type { RequestContext } from "@/lib/server/context";
import { AppError } from "@/lib/server/errors";
import { monthOf } from "./buckets";
import { lockBudgets, monthSpend, settleBudget } from "./budgets";
import type { BudgetInput } from "./schemas";

export type BudgetView = {
  projectId: string;
  monthlyLimitMicros: number;
  alertThresholds: number[];
  hardLimit: boolean;
  /** this UTC month, its spend so far, and whether verification refuses the project's keys */
  month: string;
  spentMicros: number;
  exceeded: boolean;
  updatedAt: string;
};

function budgetView(b: Budget, month: string, spentMicros: number): BudgetView {
  return {
    projectId: b.projectId,
    monthlyLimitMicros: b.monthlyLimitMicros,
    alertThresholds: b.alertThresholds,
    hardLimit: b.hardLimit,
    month: month.slice(0, 7),
    spentMicros,
    exceeded: b.hardLimit && b.exceededMonth === month,
    updatedAt: b.updatedAt.toISOString(),
  };
}

const settingsOf = (b: Budget | undefined) =>
  b ? { monthlyLimitMicros: b.monthlyLimitMicros, alertThresholds: b.alertThresholds, hardLimit: b.hardLimit } : null;

/** A project's budget with this month's spend, or null when it has none. */
export async function getBudget(db: Queryable, ctx: RequestContext, projectId: string, now = Date.now()): Promise<BudgetView | null> {
  const project = await loadProject(db, ctx.principal.organizationId, projectId);
  const [b] = await db.select().from(budgets).where(eq(budgets.projectId, project.id));
  if (!b) return null;
  const month = monthOf(now);
  return budgetView(b, month, (await monthSpend(db, [project.id], month)).get(project.id) ?? 0);
}

/**
 * PUT /projects/{projectId}/budget: sets the budget, then settles it against this month's
 * spend at once. Thresholds the new amount puts out of reach again are re-armed (their alert
 * may go out again this month); a lower amount can send alerts and start refusing keys now,
 * a higher one (or the hard limit off) lifts a refusal.
 */
export async function setBudget(tx: Queryable, ctx: RequestContext, projectId: string, input: BudgetInput, now = Date.now()) {
  const project = await loadProject(tx, ctx.principal.organizationId, projectId);
  if (project.archivedAt) throw new AppError("CONFLICT", "This project is archived and read-only. Restore it first.");
  const [before] = await tx.select().from(budgets).where(eq(budgets.projectId, project.id)).for("update");
  await tx
    .insert(budgets)
    .values({ projectId: project.id, organizationId: project.organizationId, ...input })
    .onConflictDoUpdate({ target: budgets.projectId, set: { ...input, updatedAt: new Date() } });

  const month = monthOf(now);
  const [locked] = await lockBudgets(tx, [project.id]);
  const spent = (await monthSpend(tx, [project.id], month)).get(project.id) ?? 0;
  await tx.execute(sql`
    delete from budget_notices where project_id = ${project.id} and month = ${month}::date
      and threshold::numeric * ${input.monthlyLimitMicros} > ${spent}::numeric * 100`);
  await settleBudget(tx, locked!, spent, month);

  const [after] = await tx.select().from(budgets).where(eq(budgets.projectId, project.id));
  const view = budgetView(after!, month, spent);
  const changes = diff({ budget: settingsOf(before) } as Record<string, unknown>, { budget: settingsOf(after) });
  if (Object.keys(changes).length === 0) return view;
  await announceKeyChange(tx, ctx, { kind: "project", id: project.id });
  await recordChange(tx, ctx, {
    action: "budget.updated",
    target: { type: "project", id: project.id },
    changes,
    event: { type: "project.updated", data: { project: { id: project.id, name: project.name, slug: project.slug }, budget: view, changes } },
  });
  return view;
}
