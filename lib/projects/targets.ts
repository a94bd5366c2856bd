import type { Queryable } from "@/db/client";
import type { Target } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";
import { loadProject } from "./service";

/** The authorization target of a project route: the project, loaded within the caller's organization. */
export async function projectTarget({ db, ctx, params }: { db: Queryable; ctx: RequestContext; params: { projectId: string } }): Promise<Target> {
  const p = await loadProject(db, ctx.principal.organizationId, params.projectId);
  return { kind: "project", projectId: p.id };
}
