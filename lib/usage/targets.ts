import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { loadProject } from "@/lib/projects/service";
import type { Target } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import type { UsageQuery } from "./schemas";

/**
 * The authorization target of GET /usage: the project its filter names (its key's project
 * for `keyId`), so a member asking for another project's usage is refused (403) and an id
 * of another organization is not found (404); without a filter, the member's projects.
 */
export async function usageTarget({ db, ctx, query }: { db: Queryable; ctx: RequestContext; query: UsageQuery }): Promise<Target> {
  const organizationId = ctx.principal.organizationId;
  if (query.projectId) await loadProject(db, organizationId, query.projectId);
  if (query.keyId) {
    const [key] = await db
      .select({ projectId: apiKeys.projectId })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, query.keyId), eq(apiKeys.organizationId, organizationId)));
    if (!key) throw new AppError("NOT_FOUND", "Key was not found.");
    return { kind: "project", projectId: key.projectId };
  }
  return query.projectId ? { kind: "project", projectId: query.projectId } : { kind: "projects" };
}
