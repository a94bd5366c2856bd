import { and, eq, inArray } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { invitations, memberships, projectMembers, projects, type Invitation } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import type { SessionUser } from "@/lib/auth/session";
import { invitationRetryAfter, tooManyAttempts } from "@/lib/auth/sign-in-limit";
import { isCustomRoleId } from "@/lib/rbac";
import { customRolesById, resolveProjectRoles, type ProjectRoleInput } from "@/lib/roles/grants";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { findInvitationByToken, invitationStatus } from "./invitation-queries";
import { getMember } from "./queries";

export type Refusal = { reason: "expired" | "accepted" | "revoked" | "other_account"; title: string; message: string };

/** Why this person cannot accept the invitation (the page shows it, the service refuses with it); null when they can. */
export function refusalFor(inv: Invitation, signedInEmail: string | null): Refusal | null {
  const status = invitationStatus(inv);
  if (status === "accepted") {
    return { reason: "accepted", title: "This invitation was already used", message: "Each invitation link works once. If it was not you, ask for a new invitation." };
  }
  if (status === "revoked") {
    return { reason: "revoked", title: "This invitation was revoked", message: "An administrator withdrew it. Ask them for a new invitation if you still need access." };
  }
  if (status === "expired") {
    return { reason: "expired", title: "This invitation has expired", message: "Invitation links work for 7 days. Ask the person who invited you to resend it." };
  }
  if (signedInEmail !== null && signedInEmail.trim().toLowerCase() !== inv.email) {
    return {
      reason: "other_account",
      title: "This invitation is for another address",
      message: `It was sent to ${inv.email}, but you are signed in as ${signedInEmail}. Sign out, then sign in as ${inv.email} to accept it.`,
    };
  }
  return null;
}

type Meta = { requestId: string; ip: string | null; userAgent: string | null };

/**
 * The signed-in user accepts an invitation: they become a member (`joinedVia: "invitation"`)
 * with its role and the project roles whose projects still exist; the token is used up.
 * Attempts are limited per token and per client IP before the token is looked up.
 */
export async function acceptInvitation(tx: Queryable, user: SessionUser, token: string, meta: Meta) {
  const wait = await invitationRetryAfter(token, meta.ip);
  if (wait > 0) throw new AppError("RATE_LIMITED", tooManyAttempts(wait));
  const found = await findInvitationByToken(tx, token);
  if (!found) throw new AppError("NOT_FOUND", "This invitation link is not valid. Check that it was copied whole.");
  // Locked, so of two acceptances racing on one token exactly one joins.
  const [inv] = await tx.select().from(invitations).where(eq(invitations.id, found.invitation.id)).for("update");
  const refused = refusalFor(inv!, user.email);
  if (refused) throw new AppError(refused.reason === "other_account" ? "FORBIDDEN" : "CONFLICT", `${refused.title}. ${refused.message}`);
  const organizationId = inv!.organizationId;
  const [already] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, user.userId)));
  if (already) throw new AppError("CONFLICT", `You are already a member of ${found.organization.name}.`);

  await tx.insert(memberships).values({ organizationId, userId: user.userId, role: inv!.role, customRoleId: inv!.customRoleId, joinedVia: "invitation" });
  const wanted = inv!.role === "member" ? inv!.projectRoles : [];
  const existing = wanted.length
    ? new Set((await tx.select({ id: projects.id }).from(projects).where(and(eq(projects.organizationId, organizationId), inArray(projects.id, wanted.map((p) => p.projectId))))).map((p) => p.id))
    : new Set<string>();
  // Projects archived or deleted since, and custom project roles deleted since, are left out.
  const custom = await customRolesById(tx, organizationId, wanted.map((p) => p.role).filter(isCustomRoleId));
  const kept = wanted.filter((p) => existing.has(p.projectId) && (!isCustomRoleId(p.role) || custom.get(p.role)?.scope === "project"));
  const rows = await resolveProjectRoles(tx, organizationId, kept as ProjectRoleInput[], "projects");
  if (rows.length > 0) await tx.insert(projectMembers).values(rows.map((p) => ({ organizationId, userId: user.userId, ...p })));
  await tx.update(invitations).set({ acceptedAt: new Date(), acceptedById: user.userId }).where(eq(invitations.id, inv!.id));

  const ctx: RequestContext = { principal: { actor: user, organizationId, role: inv!.role, customRole: null, projectRoles: new Map() }, ...meta };
  const member = await getMember(tx, organizationId, user.userId);
  await recordChange(tx, ctx, {
    action: "member.joined",
    target: { type: "member", id: user.userId },
    changes: { email: member.email, role: member.role, projectRoles: kept, invitationId: inv!.id, joinedVia: "invitation" },
    event: { type: "member.joined", data: { member, invitationId: inv!.id } },
  });
  return { organization: found.organization, member };
}
