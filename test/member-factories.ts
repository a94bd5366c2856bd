import { desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { getDb } from "@/db/client";
import { emailOutbox, type User } from "@/db/schema";
import { acceptInvitation } from "@/lib/members/accept";
import { inviteMember } from "@/lib/members/invitations";
import type { inviteInput } from "@/lib/members/schemas";
import type { OrgRole, ProjectRole } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";
import { addMember, addProjectMember, unique, userActor, userContext, type OrgFixture } from "./factories";
import { inTransaction } from "./key-factories";

// Factories for members and invitations.

/** A new member of the organization with `role` (and project roles), and a context acting as them. */
export async function memberWithContext(fx: OrgFixture, role: OrgRole, projectRoles: [string, ProjectRole][] = []) {
  const user = await addMember(fx.org.id, role);
  for (const [projectId, r] of projectRoles) await addProjectMember(projectId, user, r);
  return { user, ctx: userContext(user, fx.org.id, role, new Map(projectRoles)) };
}

export const newEmail = (label = "invitee") => `${unique(label)}@example.test`;

export function invite(fx: OrgFixture, input: Partial<z.infer<typeof inviteInput>> = {}, ctx: RequestContext = fx.ctx) {
  return inTransaction(fx, (tx, c) => inviteMember(tx, c, { email: newEmail(), role: "member", ...input }), ctx);
}

/** The latest queued email to `to`, as the outbox holds it. */
export async function lastMailTo(to: string) {
  const db = await getDb();
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.to, to)).orderBy(desc(emailOutbox.createdAt)).limit(1);
  return row ?? null;
}

/** The token of the latest invitation email to `to` (the database keeps only its hash). */
export async function inviteToken(to: string): Promise<string> {
  const mail = await lastMailTo(to);
  const url = (mail?.props as { acceptUrl?: string } | null)?.acceptUrl;
  if (!url) throw new Error(`no invitation email to ${to}`);
  return url.split("/invite/")[1]!;
}

export async function accept(user: User, token: string) {
  const db = await getDb();
  return db.transaction((tx) => acceptInvitation(tx, userActor(user), token, { requestId: unique("req"), ip: null, userAgent: "vitest" }));
}
