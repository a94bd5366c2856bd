import { eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { limitBudgets, type LimitLevel } from "@/db/schema";
import type { RequestContext } from "@/lib/core/context";
import { budgetView, type BudgetView } from "./settings";

// The finance view (docs/limits.md): every budget of the organization with its spend, how close
// it is to its limit and where the period is heading.

export type BudgetOverview = BudgetView & {
  level: LimitLevel;
  target: { id: string; name: string; projectId: string | null };
  /** spent ÷ limit, in percent (may pass 100) */
  percent: number;
  /** the spend at the end of the period if it goes on at the pace of the period so far */
  forecastMicros: number;
};

/** GET /organization/budgets: every budget, closest to its limit first. */
export async function organizationBudgets(db: Queryable, ctx: RequestContext, now = Date.now()): Promise<{ data: BudgetOverview[] }> {
  const organizationId = ctx.principal.organizationId;
  const rows = await db.select().from(limitBudgets).where(eq(limitBudgets.organizationId, organizationId));
  const names = new Map(
    rowsOf<{ level: LimitLevel; id: string; name: string; project_id: string | null }>(
      await db.execute(sql`
        select 'organization' as level, id, name, null as project_id from organizations where id = ${organizationId}
        union all select 'project', id, name, id from projects where organization_id = ${organizationId}
        union all select 'key', id, name, project_id from api_keys where organization_id = ${organizationId}`),
    ).map((r) => [`${r.level}:${r.id}`, r]),
  );
  const data = await Promise.all(
    rows.map(async (b) => {
      const view = await budgetView(db, b, now);
      const start = Date.parse(`${view.periodStart}T00:00:00Z`);
      const elapsed = Math.max(now - start, 3_600_000) / (Date.parse(view.resetAt) - start);
      const n = names.get(`${b.level}:${b.targetId}`);
      return {
        ...view,
        level: b.level,
        target: { id: b.targetId, name: n?.name ?? b.targetId, projectId: n?.project_id ?? null },
        percent: Math.round((view.spentMicros / b.limitMicros) * 1000) / 10,
        forecastMicros: Math.round(view.spentMicros / Math.min(1, elapsed)),
      };
    }),
  );
  return { data: data.sort((x, y) => y.percent - x.percent) };
}
