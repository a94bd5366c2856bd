import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "@/db/client";
import { invitations, memberships, organizations, users, type Invitation } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import { queueEmail } from "@/lib/email/queue";
import { env } from "@/lib/env";
import type { OrgRoleRef } from "@/lib/rbac";
import { grantOfRef, resolveOrgRole, resolveProjectRoles, storedRole } from "@/lib/roles/grants";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { assertMayGrant, lockOrganization } from "./guards";
import { INVITATION_TTL_MS, invitationStatus, loadInvitation, newInvitationToken, views } from "./invitation-queries";
import { assertProjectRolesApply, checkProjects } from "./project-roles";
import type { inviteInput } from "./schemas";

const taken = (message: string, field: string) => new AppError("CONFLICT", message, { fieldErrors: [{ path: "email", message: field }] });

/** Nobody is invited twice: not a member already, and no other pending invitation. */
async function assertInvitable(tx: Queryable, organizationId: string, email: string, exceptId?: string) {
  const [member] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(sql`lower(${users.email})`, email)));
  if (member) throw taken(`${email} is already a member of this organization.`, "is already a member");
  const [pending] = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.organizationId, organizationId),
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
        exceptId ? ne(invitations.id, exceptId) : undefined,
      ),
    );
  if (pending) throw taken(`${email} already has a pending invitation: resend or revoke it.`, "already has a pending invitation");
}

/** The link of an invitation: AUTH_URL is the console's public address (server.ts sets it when unset). */
const acceptUrl = (token: string) => `${(process.env.AUTH_URL ?? env().AUTH_URL ?? "http://localhost:3000").replace(/\/$/, "")}/invite/${token}`;

/** Queues the invitation email in the change's transaction; the background loop renders and sends it. */
async function queueInvitation(tx: Queryable, ctx: RequestContext, inv: Invitation, token: string) {
  const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, inv.organizationId));
  const [view] = await views(tx, inv.organizationId, [{ invitation: inv, invitedByEmail: null }]);
  const actor = ctx.principal.actor;
  await queueEmail(tx, {
    to: inv.email,
    organizationId: inv.organizationId,
    template: "invitation",
    props: {
      organizationName: org!.name,
      inviterName: actor.type === "user" ? (actor.name ?? actor.email) : `An administrator of ${org!.name}`,
      role: view!.roleName,
      projects: view!.projects.map((p) => ({ name: p.projectName ?? p.projectId, role: p.roleName })),
      acceptUrl: acceptUrl(token),
      expiresAt: inv.expiresAt.toISOString(),
    },
  });
}

export async function inviteMember(tx: Queryable, ctx: RequestContext, input: z.infer<typeof inviteInput>) {
  const organizationId = ctx.principal.organizationId;
  await lockOrganization(tx, organizationId);
  const grant = await resolveOrgRole(tx, organizationId, input.role);
  assertMayGrant(ctx, grant);
  const projectRoles = input.projects ?? [];
  assertProjectRolesApply(grant, projectRoles, "projects");
  await checkProjects(tx, organizationId, projectRoles, "projects");
  await resolveProjectRoles(tx, organizationId, projectRoles, "projects");
  await assertInvitable(tx, organizationId, input.email);
  const { token, tokenHash } = newInvitationToken();
  const actor = ctx.principal.actor;
  const [inv] = await tx
    .insert(invitations)
    .values({
      organizationId,
      email: input.email,
      ...storedRole(grant),
      projectRoles,
      tokenHash,
      invitedById: actor.type === "user" ? actor.userId : null,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    })
    .returning();
  await queueInvitation(tx, ctx, inv!, token);
  const [view] = await views(tx, organizationId, [await loadInvitation(tx, organizationId, inv!.id)]);
  await recordChange(tx, ctx, {
    action: "member.invited",
    target: { type: "invitation", id: inv!.id },
    changes: { email: view!.email, role: view!.role, projects: projectRoles, expiresAt: view!.expiresAt },
    event: { type: "member.invited", data: { invitation: view } },
  });
  return view!;
}

function assertOpen(inv: Invitation) {
  const status = invitationStatus(inv);
  if (status === "accepted") throw new AppError("CONFLICT", "This invitation was already accepted.");
  if (status === "revoked") throw new AppError("CONFLICT", "This invitation was revoked. Invite the person again.");
}

/** A new token and a new expiry, and the email again (the old link stops working). */
export async function resendInvitation(tx: Queryable, ctx: RequestContext, id: string) {
  const organizationId = ctx.principal.organizationId;
  await lockOrganization(tx, organizationId);
  const before = (await loadInvitation(tx, organizationId, id)).invitation;
  assertOpen(before);
  assertMayGrant(ctx, await grantOfRef(tx, organizationId, (before.customRoleId ?? before.role) as OrgRoleRef));
  await assertInvitable(tx, organizationId, before.email, before.id);
  const { token, tokenHash } = newInvitationToken();
  const [inv] = await tx
    .update(invitations)
    .set({ tokenHash, expiresAt: new Date(Date.now() + INVITATION_TTL_MS), sentAt: new Date() })
    .where(eq(invitations.id, id))
    .returning();
  await queueInvitation(tx, ctx, inv!, token);
  await recordChange(tx, ctx, {
    action: "invite.resent",
    target: { type: "invitation", id },
    changes: { email: inv!.email, expiresAt: { from: before.expiresAt.toISOString(), to: inv!.expiresAt.toISOString() } },
  });
  return (await views(tx, organizationId, [await loadInvitation(tx, organizationId, id)]))[0]!;
}

export async function revokeInvitation(tx: Queryable, ctx: RequestContext, id: string) {
  const organizationId = ctx.principal.organizationId;
  assertOpen((await loadInvitation(tx, organizationId, id)).invitation);
  // Conditional, so a revocation racing an acceptance (or another revocation) changes nothing twice.
  const [inv] = await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.id, id), isNull(invitations.revokedAt), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  if (!inv) throw new AppError("CONFLICT", "This invitation was just accepted or revoked.");
  const [view] = await views(tx, organizationId, [await loadInvitation(tx, organizationId, id)]);
  await recordChange(tx, ctx, {
    action: "invite.revoked",
    target: { type: "invitation", id },
    changes: { email: view!.email, role: view!.role },
    event: { type: "invite.revoked", data: { invitation: view } },
  });
  return view!;
}
