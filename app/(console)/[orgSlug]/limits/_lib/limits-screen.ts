import { asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { projects } from "@/db/schema";
import { organizationBudgets } from "@/lib/limits/overview";
import { getLimits, limitTarget } from "@/lib/limits/settings";
import { listModels } from "@/lib/models/service";
import type { RequestContext } from "@/lib/core/context";

/** What the organization's Limits page renders first: its own limits, every budget, the catalog's ids and the projects' slugs. */
export async function limitsScreen(db: Queryable, ctx: RequestContext, now = Date.now()) {
  const organizationId = ctx.principal.organizationId;
  const [view, overview, catalog, projectRows] = await Promise.all([
    limitTarget(db, ctx, "organization").then((t) => getLimits(db, t, now)),
    organizationBudgets(db, ctx, now),
    listModels(db),
    db.select({ id: projects.id, slug: projects.slug, name: projects.name }).from(projects).where(eq(projects.organizationId, organizationId)).orderBy(asc(projects.name)),
  ]);
  return { view, budgets: overview.data, models: catalog.map((m) => m.id), projects: projectRows, at: now, today: new Date(now).toISOString().slice(0, 10) };
}
