import type { Principal } from "@/lib/rbac";
import { logUnexpected } from "./log-error";

/** Everything a service needs to know about the request it serves. */
export type RequestContext = {
  principal: Principal;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** work to run once the transaction has committed (cache invalidation); see afterCommit() */
  afterCommit?: (() => void)[];
};

/** Runs `fn` after the request's transaction commits, or now when there is none. */
export function afterCommit(ctx: RequestContext, fn: () => void): void {
  if (ctx.afterCommit) ctx.afterCommit.push(fn);
  else fn();
}

/** Runs the callbacks queued by afterCommit(); the wrappers call it after a commit. */
export function flushAfterCommit(ctx: RequestContext): void {
  for (const fn of ctx.afterCommit?.splice(0) ?? []) {
    try {
      fn();
    } catch (error) {
      logUnexpected(ctx.requestId, "after-commit callback", error);
    }
  }
}

export function actorLabel(ctx: RequestContext): { type: string; id: string | null; label: string } {
  const a = ctx.principal.actor;
  if (a.type === "user") return { type: "user", id: a.userId, label: a.email };
  if (a.type === "admin_key") return { type: "admin_key", id: a.keyId, label: `admin key ${a.name}` };
  return { type: "system", id: null, label: "system" };
}
