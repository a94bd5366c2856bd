import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { forecastMonth } from "@/lib/usage/series";
import { monthRange } from "./compute";

/**
 * Month-to-date spend by project (the daily per-project rollup, as the Spend page and the
 * invoice read it), the forecast to month end at the pace so far (lib/usage's forecast), and
 * the committed monthly spend it is measured against.
 */
export async function monthToDate(db: Queryable, organizationId: string, committedMicros: number, now = Date.now()) {
  const month = new Date(now).toISOString().slice(0, 7);
  const { start, end } = monthRange(month);
  const rows = rowsOf<{ project_id: string; name: string | null; cost: string | number }>(
    await db.execute(sql`
      select u.project_id, p.name, sum(u.cost_micros) as cost
      from usage_daily_projects u left join projects p on p.id = u.project_id
      where u.organization_id = ${organizationId} and u.day >= ${start.toISOString().slice(0, 10)}::date and u.day < ${end.toISOString().slice(0, 10)}::date
      group by u.project_id, p.name order by cost desc`),
  );
  const byProject = rows.map((r) => ({ projectId: r.project_id, name: r.name ?? r.project_id, costMicros: Number(r.cost) }));
  const totalMicros = byProject.reduce((s, p) => s + p.costMicros, 0);
  return { month, byProject, totalMicros, forecastMicros: forecastMonth(totalMicros, now), committedMicros };
}

export type MonthToDate = Awaited<ReturnType<typeof monthToDate>>;
