import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/sql";
import type { SeedSource } from "./counters";

// What PostgreSQL says a counter has used: the cost or tokens of accepted usage in its span,
// from the daily rollups (usage_daily_keys for a key, usage_daily_projects otherwise).

const likePattern = (pattern: string) => `${pattern.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function modelFilter(model: string | null): SQL {
  if (model === null) return sql`true`;
  return model.endsWith("*") ? sql`model like ${likePattern(model)}` : sql`model = ${model}`;
}

export async function usedFrom(db: Queryable, s: SeedSource): Promise<number> {
  const measure = s.measure === "cost" ? sql`cost_micros` : sql`input_tokens + output_tokens`;
  const table = s.level === "key" ? sql`usage_daily_keys` : sql`usage_daily_projects`;
  const target = s.level === "key" ? sql`key_id` : s.level === "project" ? sql`project_id` : sql`organization_id`;
  const [row] = rowsOf<{ used: string | number | null }>(
    await db.execute(sql`
      select coalesce(sum(${measure}), 0) as used from ${table}
      where organization_id = ${s.organizationId} and ${target} = ${s.targetId} and day >= ${s.from}::date and day < ${s.to}::date and ${modelFilter(s.model)}`),
  );
  return Number(row?.used ?? 0);
}
