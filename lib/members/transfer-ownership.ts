import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { memberships, projectMembers } from "@/db/schema";
import { emitEvent, recordChange } from "@/lib/audit/record";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { lockOrganization } from "./guards";
import { getMember } from "./queries";

/**
 * The signed-in owner hands ownership to another member: they become owner, the old owner
 * becomes admin. One audit entry, and a `member.role_changed` event for each of the two.
 */
export async function transferOwnership(tx: Queryable, ctx: RequestContext, userId: string) {
  const actor = ctx.principal.actor;
  if (actor.type !== "user") throw new AppError("FORBIDDEN", "Ownership is transferred by a signed-in owner.");
  const organizationId = ctx.principal.organizationId;
  await lockOrganization(tx, organizationId);
  const me = await getMember(tx, organizationId, actor.userId);
  const next = await getMember(tx, organizationId, userId);
  // org.transfer (owners only) was checked by the action; the old owner becomes admin below.
  if (next.userId === me.userId) {
    throw new AppError("INVALID_REQUEST", "userId: choose another member.", { fieldErrors: [{ path: "userId", message: "is you; choose another member" }] });
  }
  if (next.role === "owner") throw new AppError("CONFLICT", `${next.email} is already an owner.`);

  const setRole = (id: string, role: "owner" | "admin") =>
    tx.update(memberships).set({ role }).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, id)));
  await setRole(next.userId, "owner");
  await setRole(me.userId, "admin");
  // An owner reaches every project through the organization role.
  await tx.delete(projectMembers).where(and(eq(projectMembers.organizationId, organizationId), eq(projectMembers.userId, next.userId)));

  const [newOwner, oldOwner] = [await getMember(tx, organizationId, next.userId), await getMember(tx, organizationId, me.userId)];
  await recordChange(tx, ctx, {
    action: "organization.ownership_transferred",
    target: { type: "organization", id: organizationId },
    changes: { from: me.userId, to: next.userId, previousRoleOfNewOwner: next.role },
  });
  for (const [member, previousRole] of [[newOwner, next.role], [oldOwner, "owner"]] as const) {
    await emitEvent(tx, organizationId, "member.role_changed", {
      member,
      previousRole,
      changes: { role: { from: previousRole, to: member.role } },
    });
  }
  return { newOwner, oldOwner };
}
