import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf, textArray } from "@/db/sql";
import { emitEvent } from "@/lib/audit/record";
import { queueBudgetAlert, type AlertProject } from "./budget-alerts";
import { monthEnd } from "./buckets";
import { reached } from "./cost";

export type LockedBudget = {
  project: AlertProject;
  monthlyLimitMicros: number;
  alertThresholds: number[];
  hardLimit: boolean;
  exceededMonth: string | null;
};

type Row = {
  project_id: string;
  organization_id: string;
  limit_micros: string | number;
  alert_thresholds: number[];
  hard_limit: boolean;
  exceeded_month: string | null;
  project_name: string;
  project_slug: string;
  organization_slug: string;
  organization_name: string;
};

/**
 * Locks the budgets of these projects (in id order, so concurrent batches cannot deadlock)
 * until the transaction ends. A batch locks after writing its rollups, so the spend read
 * next includes every batch that committed before it: no crossing is missed.
 */
export async function lockBudgets(tx: Queryable, projectIds: string[]): Promise<LockedBudget[]> {
  if (projectIds.length === 0) return [];
  const rows = rowsOf<Row>(
    await tx.execute(sql`
      select b.project_id, b.organization_id, b.monthly_limit_micros as limit_micros, b.alert_thresholds, b.hard_limit,
             b.exceeded_month::text as exceeded_month, p.name as project_name, p.slug as project_slug,
             o.slug as organization_slug, o.name as organization_name
      from budgets b join projects p on p.id = b.project_id join organizations o on o.id = b.organization_id
      where b.project_id = any(${textArray(projectIds)}::text[])
      order by b.project_id
      for update of b`),
  );
  return rows.map((r) => ({
    project: { id: r.project_id, name: r.project_name, slug: r.project_slug, organizationId: r.organization_id, organizationSlug: r.organization_slug, organizationName: r.organization_name },
    monthlyLimitMicros: Number(r.limit_micros),
    alertThresholds: r.alert_thresholds,
    hardLimit: r.hard_limit,
    exceededMonth: r.exceeded_month,
  }));
}

/** Spend of each project in the UTC month starting on `month`, from the daily rollups. */
export async function monthSpend(tx: Queryable, projectIds: string[], month: string): Promise<Map<string, number>> {
  const rows = rowsOf<{ project_id: string; spent: string | number }>(
    await tx.execute(sql`
      select project_id, sum(cost_micros) as spent from usage_daily_projects
      where project_id = any(${textArray(projectIds)}::text[]) and day >= ${month}::date and day < (${month}::date + interval '1 month')
      group by project_id`),
  );
  return new Map(rows.map((r) => [r.project_id, Number(r.spent)]));
}

const budgetData = (b: LockedBudget) => ({
  project: { id: b.project.id, name: b.project.name, slug: b.project.slug },
  budget: { monthlyLimitMicros: b.monthlyLimitMicros, alertThresholds: b.alertThresholds, hardLimit: b.hardLimit },
});

/**
 * Settles a locked budget against the month's spend: each threshold reached sends its alert
 * once (budget_notices' key), and with the hard limit the project is refused from the batch
 * that reached it until the month ends. Answers whether verification's answer changed.
 */
export async function settleBudget(tx: Queryable, b: LockedBudget, spentMicros: number, month: string): Promise<boolean> {
  const over = b.hardLimit && reached(spentMicros, b.monthlyLimitMicros, 100);
  const blockedUntil = over ? new Date(monthEnd(month)).toISOString() : null;
  const crossed = b.alertThresholds.filter((t) => reached(spentMicros, b.monthlyLimitMicros, t));
  if (crossed.length > 0) {
    const fresh = rowsOf<{ threshold: number }>(
      await tx.execute(sql`
        insert into budget_notices (project_id, month, threshold, organization_id, spent_micros)
        select ${b.project.id}, ${month}::date, t, ${b.project.organizationId}, ${spentMicros}
        from unnest(${textArray(crossed.map(String))}::int[]) as t
        on conflict do nothing
        returning threshold`),
    );
    for (const { threshold } of fresh.sort((x, y) => x.threshold - y.threshold)) {
      await emitEvent(tx, b.project.organizationId, "usage.budget_threshold_reached", { ...budgetData(b), threshold, month: month.slice(0, 7), spentMicros });
      await queueBudgetAlert(tx, { project: b.project, threshold, month, spentMicros, limitMicros: b.monthlyLimitMicros, blockedUntil });
    }
  }
  const wasBlocked = b.exceededMonth === month;
  if (over === wasBlocked && (over || b.exceededMonth === null)) return false;
  await tx.execute(sql`update budgets set exceeded_month = ${over ? month : null}::date where project_id = ${b.project.id}`);
  if (over) {
    await emitEvent(tx, b.project.organizationId, "usage.budget_exceeded", { ...budgetData(b), month: month.slice(0, 7), spentMicros, blockedUntil });
  }
  return over !== wasBlocked;
}

/** After a batch: settles the budgets of the projects that got spend this month; answers those whose verification changed. */
export async function settleBudgets(tx: Queryable, projectIds: string[], month: string): Promise<string[]> {
  const locked = await lockBudgets(tx, projectIds);
  if (locked.length === 0) return [];
  const spend = await monthSpend(tx, locked.map((b) => b.project.id), month);
  const changed: string[] = [];
  for (const b of locked) {
    if (await settleBudget(tx, b, spend.get(b.project.id) ?? 0, month)) changed.push(b.project.id);
  }
  return changed;
}
