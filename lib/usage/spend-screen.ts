import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiKeys, projects } from "@/db/schema";
import { listModels } from "@/lib/models/service";
import { projectScope } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";
import { defaultFilters, usageParams } from "./params";
import { queryUsage } from "./query";
import { usageQuery } from "./schemas";
import type { GroupField } from "./series";

/** Key names shown on a spend screen; more keys appear by id. */
const KEY_LABELS = 2000;

/** Names for the ids of usage the caller may see: their projects, those projects' keys, the catalog's models. */
async function usageLabels(db: Queryable, ctx: RequestContext, projectId?: string) {
  const scope = projectScope(ctx.principal, "usage.read");
  const ids = projectId ? [projectId] : scope;
  const inOrg = (column: typeof projects.organizationId | typeof apiKeys.organizationId) => eq(column, ctx.principal.organizationId);
  const projectWhere: (SQL | undefined)[] = [inOrg(projects.organizationId), ids ? inArray(projects.id, ids) : undefined];
  const keyWhere: (SQL | undefined)[] = [inOrg(apiKeys.organizationId), ids ? inArray(apiKeys.projectId, ids) : undefined];
  const [projectRows, keyRows, models] = await Promise.all([
    db.select({ id: projects.id, name: projects.name }).from(projects).where(and(...projectWhere)).orderBy(asc(projects.name)),
    db.select({ id: apiKeys.id, name: apiKeys.name, projectId: apiKeys.projectId }).from(apiKeys).where(and(...keyWhere)).orderBy(asc(apiKeys.name)).limit(KEY_LABELS),
    listModels(db),
  ]);
  return { projects: projectRows, keys: keyRows, models: models.map((m) => m.id) };
}

/**
 * What a spend screen renders first (pages read on the server first): names, and the three
 * queries of the default filters, which the browser then keeps fresh.
 */
export async function spendScreen(db: Queryable, ctx: RequestContext, grouping: GroupField, projectId?: string, now = Date.now()) {
  const today = new Date(now).toISOString().slice(0, 10);
  const params = usageParams(defaultFilters(today, projectId), grouping, today);
  const run = (p: (typeof params)["chart"]) => queryUsage(db, ctx, usageQuery.parse(p), now).then((r) => r.data);
  const [labels, chart, ranking, month] = await Promise.all([usageLabels(db, ctx, projectId), run(params.chart), run(params.ranking), run(params.month)]);
  return { today, labels, initial: { params, data: { chart, ranking, month }, at: now } };
}
