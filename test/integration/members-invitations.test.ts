import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DELETE as revokeRoute } from "@/app/api/v1/invites/[inviteId]/route";
import { GET as listRoute, POST as inviteRoute } from "@/app/api/v1/invites/route";
import { getDb } from "@/db/client";
import { devMailbox, emailOutbox, invitations, memberships, projectMembers, users } from "@/db/schema";
import { deliverDueEmails } from "@/lib/email/deliver";
import { hashInvitationToken } from "@/lib/members/invitation-queries";
import { inviteMember, resendInvitation, revokeInvitation } from "@/lib/members/invitations";
import {
  addMember,
  apiRequest,
  asKey,
  auditRows,
  call,
  createOrg,
  createTestAdminKey,
  createTestProject,
  createUser,
  orgState,
  outboxRows,
  type OrgFixture,
} from "../factories";
import { inTransaction } from "../key-factories";
import { accept, invite, inviteToken, lastMailTo, memberWithContext, newEmail } from "../member-factories";

// Invitations: who may invite whom, duplicates, the token life cycle and the email.

let fx: OrgFixture;
let ownerKey: string;
beforeAll(async () => {
  fx = await createOrg({ name: "Invite Corp" });
  ownerKey = (await createTestAdminKey(fx, "owner")).secret;
});

const post = (body: unknown, key = ownerKey) => call(inviteRoute, apiRequest("POST", "/invites", { headers: asKey(key), body }));

describe("inviting", () => {
  it("creates a pending invitation, stores only the token's hash, queues the email and records member.invited in one go", async () => {
    const p = await createTestProject(fx, { name: "Ledger" });
    const email = newEmail("finance");
    const res = await post({ email: `  ${email.toUpperCase()} `, role: "member", projects: [{ projectId: p.id, role: "viewer" }] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^inv_/), email, role: "member", status: "pending" });
    expect(res.body.projects).toEqual([{ projectId: p.id, projectName: "Ledger", role: "viewer", roleName: "Viewer" }]);
    const days = (Date.parse(res.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    const token = await inviteToken(email);
    const db = await getDb();
    const [row] = await db.select().from(invitations).where(eq(invitations.id, res.body.id));
    expect(row!.tokenHash).toBe(hashInvitationToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(res.body)).not.toContain(token);

    const audit = (await auditRows(fx.org.id)).find((a) => a.targetId === res.body.id);
    expect(audit).toMatchObject({ action: "member.invited", actorType: "admin_key" });
    const event = (await outboxRows(fx.org.id)).find((e) => e.type === "member.invited" && JSON.stringify(e.payload).includes(res.body.id));
    expect(JSON.stringify(event!.payload)).not.toContain(token);
  });

  it("renders the invitation email from its React template when the loop sends it: who, organization, role, link, expiry", async () => {
    const email = newEmail();
    await invite(fx, { email, role: "finance" });
    const token = await inviteToken(email);
    const db = await getDb();
    while ((await lastMailTo(email))?.status === "pending") await deliverDueEmails(db, 100);
    const [mail] = await db.select().from(devMailbox).where(eq(devMailbox.to, email));
    expect(mail!.subject).toBe(`Owner invited you to Invite Corp on AnyInt`);
    for (const body of [mail!.text, mail!.html]) {
      expect(body).toContain("Invite Corp");
      expect(body).toContain("Finance owner");
      expect(body).toContain(`/invite/${token}`);
      expect(body).toMatch(/expires on \w+ \d+, \d{4}/);
    }
    expect(mail!.html).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(mail!.html).toContain(`<a href="http://localhost:3000/invite/${token}"`);
    expect((await lastMailTo(email))!.html).toBe(mail!.html); // the outbox keeps what was sent
  });

  it("refuses a second pending invitation for the same email, case aside (409), and an existing member (409)", async () => {
    const email = newEmail();
    await invite(fx, { email });
    const again = await post({ email: email.toUpperCase(), role: "admin" });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual([{ path: "email", message: "already has a pending invitation" }]);

    const member = await addMember(fx.org.id, "member");
    const existing = await post({ email: member.email, role: "member" });
    expect(existing.status).toBe(409);
    expect(existing.body.error.message).toContain("already a member");
  });

  it("lets an expired invitation be replaced by a new one", async () => {
    const email = newEmail();
    const first = await invite(fx, { email });
    const db = await getDb();
    await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, first.id));
    expect((await post({ email, role: "member" })).status).toBe(201);
  });

  it("stops escalation: nobody invites above their own role, nor with permissions they lack; an admin cannot invite an owner", async () => {
    const admin = await memberWithContext(fx, "admin");
    const cases = [
      { role: "owner", message: "Only an owner can make someone an owner." },
      { role: "finance", message: /permissions your role lacks \(budget\.manage, billing\.manage\)/ },
      { role: "security", message: /security\.manage/ },
    ] as const;
    for (const c of cases) {
      const before = await orgState(fx.org.id);
      await expect(invite(fx, { role: c.role }, admin.ctx)).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(c.message) });
      expect(await orgState(fx.org.id), c.role).toEqual(before);
    }
    await expect(invite(fx, { role: "admin" }, admin.ctx)).resolves.toMatchObject({ role: "admin" });
    await expect(invite(fx, { role: "owner" })).resolves.toMatchObject({ role: "owner" });
  });

  it("gives project roles to the member role only, and only for projects of the organization", async () => {
    const p = await createTestProject(fx);
    const foreign = await createTestProject(await createOrg());
    const before = await orgState(fx.org.id);
    const adminWithProjects = await post({ email: newEmail(), role: "admin", projects: [{ projectId: p.id, role: "developer" }] });
    expect(adminWithProjects.status).toBe(400);
    expect(adminWithProjects.body.error.details[0].path).toBe("projects");
    const otherOrg = await post({ email: newEmail(), role: "member", projects: [{ projectId: foreign.id, role: "developer" }] });
    expect(otherOrg.status).toBe(400);
    expect(otherOrg.body.error.details).toEqual([{ path: "projects.0.projectId", message: "is not a project of this organization" }]);
    expect(await orgState(fx.org.id)).toEqual(before);
  });

  it("writes no email, audit entry or event when refused", async () => {
    const email = newEmail();
    const admin = await memberWithContext(fx, "admin");
    await expect(invite(fx, { email, role: "owner" }, admin.ctx)).rejects.toThrow();
    expect(await lastMailTo(email)).toBeNull();
  });
});

describe("accepting", () => {
  it("makes the invited address a member with the role and project roles, joined via invitation; the token is used up", async () => {
    const p = await createTestProject(fx);
    const email = newEmail();
    const inv = await invite(fx, { email, role: "member", projects: [{ projectId: p.id, role: "developer" }] });
    // an account whose address differs only in case is the invited address
    const db = await getDb();
    const [user] = await db.insert(users).values({ email: email.toUpperCase(), name: "Invitee" }).returning();
    const out = await accept(user!, await inviteToken(email));
    expect(out.organization.slug).toBe(fx.org.slug);
    expect(out.member).toMatchObject({ userId: user!.id, role: "member", joinedVia: "invitation" });

    const [m] = await db.select().from(memberships).where(and(eq(memberships.organizationId, fx.org.id), eq(memberships.userId, user!.id)));
    expect(m).toMatchObject({ role: "member", joinedVia: "invitation" });
    const roles = await db.select().from(projectMembers).where(eq(projectMembers.userId, user!.id));
    expect(roles).toEqual([expect.objectContaining({ projectId: p.id, role: "developer" })]);
    expect((await auditRows(fx.org.id)).find((a) => a.action === "member.joined" && a.targetId === user!.id)).toMatchObject({ actorId: user!.id });
    expect((await outboxRows(fx.org.id)).some((e) => e.type === "member.joined" && JSON.stringify(e.payload).includes(inv.id))).toBe(true);

    await expect(accept(user!, await inviteToken(email))).rejects.toMatchObject({ code: "CONFLICT", message: /already used/ });
  });

  it("refuses another account, an expired, a revoked or an unknown token, and changes nothing", async () => {
    const email = newEmail();
    const inv = await invite(fx, { email });
    const token = await inviteToken(email);
    const someoneElse = await createUser();
    const before = await orgState(fx.org.id);
    await expect(accept(someoneElse, token)).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining(`sent to ${email}`) });
    await expect(accept(someoneElse, "x".repeat(43))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await orgState(fx.org.id)).toEqual(before);

    const db = await getDb();
    await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(invitations.id, inv.id));
    const invited = await createUser();
    await db.update(invitations).set({ email: invited.email }).where(eq(invitations.id, inv.id));
    await expect(accept(invited, token)).rejects.toMatchObject({ code: "CONFLICT", message: /expired/ });

    const revoked = await invite(fx, { email: invited.email });
    await inTransaction(fx, (tx, ctx) => revokeInvitation(tx, ctx, revoked.id));
    await expect(accept(invited, await inviteToken(invited.email))).rejects.toMatchObject({ code: "CONFLICT", message: /revoked/ });
  });

  it("resending issues a new token and expiry: the old link stops working, the new one works", async () => {
    const user = await createUser();
    const inv = await invite(fx, { email: user.email });
    const old = await inviteToken(user.email);
    const db = await getDb();
    await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(invitations.id, inv.id));
    const resent = await inTransaction(fx, (tx, ctx) => resendInvitation(tx, ctx, inv.id));
    expect(resent.status).toBe("pending");
    const fresh = await inviteToken(user.email);
    expect(fresh).not.toBe(old);
    await expect(accept(user, old)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(accept(user, fresh)).resolves.toMatchObject({ member: { role: "member" } });
    expect((await auditRows(fx.org.id)).some((a) => a.action === "invite.resent" && a.targetId === inv.id)).toBe(true);
  });
});

describe("listing and revoking through the Admin API", () => {
  it("lists open invitations, revokes with 204 and invite.revoked, and refuses a second revocation (409)", async () => {
    const inv = await invite(fx);
    const list = await call(listRoute, apiRequest("GET", "/invites?limit=100", { headers: asKey(ownerKey) }));
    expect(list.status).toBe(200);
    expect(list.body.data.map((i: { id: string }) => i.id)).toContain(inv.id);

    const del = () => call(revokeRoute, apiRequest("DELETE", `/invites/${inv.id}`, { headers: asKey(ownerKey) }), { inviteId: inv.id });
    const res = await del();
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect((await outboxRows(fx.org.id)).some((e) => e.type === "invite.revoked" && JSON.stringify(e.payload).includes(inv.id))).toBe(true);
    expect((await del()).status).toBe(409);
    const after = await call(listRoute, apiRequest("GET", "/invites?limit=100", { headers: asKey(ownerKey) }));
    expect(after.body.data.map((i: { id: string }) => i.id)).not.toContain(inv.id);
  });

  it("answers 404 for another organization's invitation", async () => {
    const other = await createOrg();
    const foreign = await invite(other);
    const res = await call(revokeRoute, apiRequest("DELETE", `/invites/${foreign.id}`, { headers: asKey(ownerKey) }), { inviteId: foreign.id });
    expect(res.status).toBe(404);
    const db = await getDb();
    const [row] = await db.select().from(invitations).where(eq(invitations.id, foreign.id));
    expect(row!.revokedAt).toBeNull();
  });

  it("keeps queued mail with the change: nothing is queued when the transaction rolls back", async () => {
    const email = newEmail();
    await expect(
      inTransaction(fx, async (tx, ctx) => {
        await inviteMember(tx, ctx, { email, role: "member" });
        throw new Error("later step failed");
      }),
    ).rejects.toThrow("later step failed");
    const db = await getDb();
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.to, email))).toEqual([]);
    expect((await db.select().from(invitations).where(eq(invitations.email, email))).length).toBe(0);
  });
});
