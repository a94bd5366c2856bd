import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "@/db/client";
import { memberships, organizations, projectMembers } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import { grantOfRef } from "@/lib/roles/grants";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { assertMayManage, assertOwnerRemains, lockOrganization } from "./guards";
import { settleMemberKeys } from "./member-keys";
import { getMember } from "./queries";
import type { keysChoice } from "./schemas";

type KeysChoice = z.infer<typeof keysChoice>;

async function detach(tx: Queryable, ctx: RequestContext, userId: string, choice: KeysChoice, left: boolean) {
  const organizationId = ctx.principal.organizationId;
  const member = await getMember(tx, organizationId, userId);
  if (!left) assertMayManage(ctx, await grantOfRef(tx, organizationId, member.role));
  if (member.role === "owner") await assertOwnerRemains(tx, organizationId, userId, left ? "leave" : "be removed");
  const keys = await settleMemberKeys(tx, ctx, userId, choice);
  await tx.delete(projectMembers).where(and(eq(projectMembers.organizationId, organizationId), eq(projectMembers.userId, userId)));
  await tx.delete(memberships).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  // The billing owner must be a member: the organization has none until one is chosen again.
  await tx
    .update(organizations)
    .set({ billingOwnerId: null })
    .where(and(eq(organizations.id, organizationId), eq(organizations.billingOwnerId, userId)));
  await recordChange(tx, ctx, {
    action: "member.removed",
    target: { type: "member", id: userId },
    changes: { email: member.email, role: member.role, projectRoles: member.projectRoles, keys, left },
    event: { type: "member.removed", data: { member, left, keys } },
  });
  return { member, keys };
}

/** Removes a member, settling their keys as the remover chose. Removing yourself is leaving. */
export async function removeMember(tx: Queryable, ctx: RequestContext, userId: string, choice: KeysChoice) {
  await lockOrganization(tx, ctx.principal.organizationId);
  const actor = ctx.principal.actor;
  return detach(tx, ctx, userId, choice, actor.type === "user" && actor.userId === userId);
}

/** The signed-in member leaves the organization (the last owner cannot). */
export async function leaveOrganization(tx: Queryable, ctx: RequestContext, choice: KeysChoice) {
  const actor = ctx.principal.actor;
  if (actor.type !== "user") throw new AppError("FORBIDDEN", "Only a signed-in member can leave an organization.");
  await lockOrganization(tx, ctx.principal.organizationId);
  return detach(tx, ctx, actor.userId, choice, true);
}
