import type { Queryable } from "@/db/client";
import type { LimitLevel } from "@/db/schema";
import { keyTarget } from "@/lib/keys/service";
import { projectTarget } from "@/lib/projects/targets";
import type { Target } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";

type Args = { db: Queryable; ctx: RequestContext; params: unknown };

/** The authorization target of a limits route at each level. */
export const LIMIT_TARGETS: Record<LimitLevel, (args: Args) => Promise<Target> | Target> = {
  organization: () => ({ kind: "organization" }),
  project: (a) => projectTarget(a as Args & { params: { projectId: string } }),
  key: (a) => keyTarget(a as Args & { params: { keyId: string } }),
};

/** The id a limits route names (none for the organization: the caller's). */
export const limitTargetId = (params: unknown) => {
  const p = (params ?? {}) as { projectId?: string; keyId?: string };
  return p.projectId ?? p.keyId;
};
