import type { Queryable } from "@/db/client";
import { loadProject } from "@/lib/projects/service";
import type { Target } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";

/**
 * The key a creation would make, as an authorization target: in the project (loaded within the
 * caller's organization), owned by the caller unless a service account is named — so a
 * developer's `own` grant covers their own keys and never a service account's.
 */
export async function newKeyTarget(args: { db: Queryable; ctx: RequestContext; projectId: string; serviceAccountId?: string }): Promise<Target> {
  const project = await loadProject(args.db, args.ctx.principal.organizationId, args.projectId);
  const actor = args.ctx.principal.actor;
  const ownerUserId = args.serviceAccountId === undefined && actor.type === "user" ? actor.userId : null;
  return { kind: "key", projectId: project.id, ownerUserId };
}
