import { and, count, eq, ne } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { memberships, organizations } from "@/db/schema";
import { grantRefusal, manageRefusal, type RoleGrant } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";

// The rules of docs/rbac.md and domain.md on who may change whom. Services call them inside
// their transaction, after lockOrganization(), so two concurrent changes cannot both pass.

/** Serializes membership changes of one organization (its row, FOR UPDATE) until commit. */
export async function lockOrganization(tx: Queryable, organizationId: string) {
  await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).for("update");
}

/** Nobody grants a role above their own, nor a role with permissions they lack (docs/rbac.md). */
export function assertMayGrant(ctx: RequestContext, grant: RoleGrant, path = "role") {
  const refusal = grantRefusal(ctx.principal, grant);
  if (refusal) throw new AppError("FORBIDDEN", refusal, { fieldErrors: [{ path, message: "is a role you cannot give" }] });
}

/** An admin cannot change or remove an owner, nor anyone a custom role with more permissions (nobody acts above themselves). */
export function assertMayManage(ctx: RequestContext, grant: RoleGrant) {
  const refusal = manageRefusal(ctx.principal, grant);
  if (refusal) throw new AppError("FORBIDDEN", refusal);
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
