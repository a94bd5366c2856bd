import type { Principal } from "@/lib/rbac";

/** Everything a service needs to know about the request it serves. */
export type RequestContext = {
  principal: Principal;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
};

export function actorLabel(ctx: RequestContext): { type: string; id: string | null; label: string } {
  const a = ctx.principal.actor;
  if (a.type === "user") return { type: "user", id: a.userId, label: a.email };
  if (a.type === "admin_key") return { type: "admin_key", id: a.keyId, label: `admin key ${a.name}` };
  return { type: "system", id: null, label: "system" };
}
