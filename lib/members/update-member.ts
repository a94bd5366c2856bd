import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "@/db/client";
import { memberships } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import { grantOfRef, resolveOrgRole, storedRole } from "@/lib/roles/grants";
import type { RequestContext } from "@/lib/core/context";
import { assertMayGrant, assertMayManage, assertOwnerRemains, lockOrganization } from "./guards";
import { assertProjectRolesApply, checkProjects, replaceProjectRoles, roleList } from "./project-roles";
import { getMember } from "./queries";
import type { updateMemberInput } from "./schemas";

/**
 * Changes a member's organization role and/or their whole set of project roles. Leaving the
 * `member` role drops their project roles (the new role reaches every project on its own).
 */
export async function updateMember(tx: Queryable, ctx: RequestContext, userId: string, input: z.infer<typeof updateMemberInput>) {
  const organizationId = ctx.principal.organizationId;
  await lockOrganization(tx, organizationId);
  const before = await getMember(tx, organizationId, userId);
  assertMayManage(ctx, await grantOfRef(tx, organizationId, before.role));
  const role = input.role ?? before.role;
  const grant = await resolveOrgRole(tx, organizationId, role);
  if (role !== before.role) {
    assertMayGrant(ctx, grant);
    if (before.role === "owner") await assertOwnerRemains(tx, organizationId, userId, "be demoted");
  }
  assertProjectRolesApply(grant, input.projectRoles, "projectRoles");
  const wanted = grant.role === "member" ? (input.projectRoles ?? before.projectRoles) : [];
  await checkProjects(tx, organizationId, wanted, "projectRoles");

  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (role !== before.role) {
    await tx.update(memberships).set(storedRole(grant)).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
    changes.role = { from: before.role, to: role };
  }
  const [from, to] = [roleList(before.projectRoles), roleList(wanted)];
  if (JSON.stringify(from) !== JSON.stringify(to)) {
    await replaceProjectRoles(tx, organizationId, userId, to);
    changes.projectRoles = { from, to };
  }
  if (Object.keys(changes).length === 0) return before;
  const member = await getMember(tx, organizationId, userId);
  await recordChange(tx, ctx, {
    action: "member.role_changed",
    target: { type: "member", id: userId },
    changes,
    event: { type: "member.role_changed", data: { member, previousRole: before.role, changes } },
  });
  return member;
}

