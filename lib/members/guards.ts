import { and, count, eq, ne } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { memberships, organizations } from "@/db/schema";
import { ORG_ROLE_RANK, orgPermissions, ROLE_LABELS, type OrgRole } from "@/lib/rbac";
import type { RequestContext } from "@/lib/server/context";
import { AppError } from "@/lib/server/errors";

// The rules of spec/rbac.md and domain.md on who may change whom. Services call them inside
// their transaction, after lockOrganization(), so two concurrent changes cannot both pass.

/** Serializes membership changes of one organization (its row, FOR UPDATE) until commit. */
export async function lockOrganization(tx: Queryable, organizationId: string) {
  await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).for("update");
}

/** Whether `actor` may give `role` (the console offers only these; the services check again). */
export function mayGrant(actor: OrgRole, role: OrgRole): boolean {
  const have = orgPermissions(actor);
  return ORG_ROLE_RANK[role] <= ORG_ROLE_RANK[actor] && [...orgPermissions(role)].every((p) => have.has(p));
}

/** Whether `actor` may change or remove a member holding `role`. */
export const mayManage = (actor: OrgRole, role: OrgRole) => ORG_ROLE_RANK[role] <= ORG_ROLE_RANK[actor];

/** Nobody grants a role above their own, nor a role with permissions they lack. */
export function assertMayGrant(ctx: RequestContext, role: OrgRole, path = "role") {
  const mine = ctx.principal.role;
  const fieldErrors = [{ path, message: "is a role you cannot give" }];
  if (ORG_ROLE_RANK[role] > ORG_ROLE_RANK[mine]) {
    const message = role === "owner" ? "Only an owner can make someone an owner." : `The ${ROLE_LABELS[role]} role ranks above your own (${ROLE_LABELS[mine]}).`;
    throw new AppError("FORBIDDEN", message, { fieldErrors });
  }
  const have = orgPermissions(mine);
  const missing = [...orgPermissions(role)].filter((p) => !have.has(p));
  if (missing.length > 0) {
    throw new AppError("FORBIDDEN", `You cannot give the ${ROLE_LABELS[role]} role: it has permissions your role lacks (${missing.join(", ")}).`, {
      fieldErrors,
    });
  }
}

/** An admin cannot change or remove an owner (nobody acts on a member who ranks above them). */
export function assertMayManage(ctx: RequestContext, target: { role: OrgRole }) {
  if (!mayManage(ctx.principal.role, target.role)) {
    const message =
      target.role === "owner" ? "Only an owner can change or remove an owner." : `Only a ${ROLE_LABELS[target.role]} or above can change this member.`;
    throw new AppError("FORBIDDEN", message);
  }
}

/** The organization keeps at least one owner: `userId` may stop being one only if another remains. */
export async function assertOwnerRemains(tx: Queryable, organizationId: string, userId: string, change: "leave" | "be demoted" | "be removed") {
  const [row] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "owner"), ne(memberships.userId, userId)));
  if ((row?.n ?? 0) === 0) {
    throw new AppError("CONFLICT", `The last owner cannot ${change}. Make another member an owner (or transfer ownership) first.`);
  }
}
