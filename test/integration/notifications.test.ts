import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { emailOutbox, notificationPreferences, outboxEvents } from "@/db/schema";
import { renderEmail } from "@/lib/email/render";
import { sweepKeyExpiry } from "@/lib/keys/expiry";
import { createServiceAccount } from "@/lib/keys/service-accounts";
import { queueEventEmails } from "@/lib/notifications/from-events";
import { getPreferences, updatePreferences, updatePreferencesInput } from "@/lib/notifications/preferences";
import { addMember, auditRows, createOrg, createTestAdminKey, createTestProject, userContext } from "../factories";
import { createTeamKey, inTransaction } from "../key-factories";
import { memberWithContext } from "../member-factories";

const DAY = 86_400_000;

/** Runs the notification task until every event of the organization is handled (other files' events included). */
async function emailEvents(organizationId: string) {
  const db = await getDb();
  for (;;) {
    const left = await db.select({ id: outboxEvents.id }).from(outboxEvents).where(and(eq(outboxEvents.organizationId, organizationId), isNull(outboxEvents.emailedAt)));
    if (left.length === 0) return;
    await queueEventEmails(db, 500);
  }
}

async function mails(organizationId: string, template: string) {
  const db = await getDb();
  return db.select().from(emailOutbox).where(and(eq(emailOutbox.organizationId, organizationId), eq(emailOutbox.template, template)));
}

describe("email notifications from events", () => {
  it("sends key expiry notices to the key's owner, honouring their choice; a service account's to owners and admins", async () => {
    const fx = await createOrg();
    const project = await createTestProject(fx);
    const admin = await memberWithContext(fx, "admin");
    const quiet = await memberWithContext(fx, "admin");
    await inTransaction(fx, (tx) => updatePreferences(tx, quiet.ctx, { preferences: [{ category: "keys", enabled: false }] }));
    const expiresAt = new Date(Date.now() + 6 * DAY).toISOString();
    const { key } = await createTeamKey(fx, project.id, { expiresAt, name: "billing-sync" }, admin.ctx);
    await createTeamKey(fx, project.id, { expiresAt }, quiet.ctx);
    const robot = await inTransaction(fx, (tx, ctx) => createServiceAccount(tx, ctx, project.id, { name: "robot" }));
    await createTeamKey(fx, project.id, { expiresAt, serviceAccountId: robot.id });
    await sweepKeyExpiry(await getDb());
    await emailEvents(fx.org.id);

    const sent = await mails(fx.org.id, "key-expiry");
    // the admin: their own key and the service account's; the owner: the service account's; the quiet admin: none
    expect(sent.map((m) => m.to).sort()).toEqual([admin.user.email, admin.user.email, fx.owner.email].sort());
    const mine = sent.find((m) => m.to === admin.user.email && (m.props as { keyName: string }).keyName === "billing-sync")!;
    expect(mine).toMatchObject({ category: "keys", props: { keyName: "billing-sync", daysBefore: 7, projectName: project.name, environment: "development" } });
    expect((mine.props as { keyUrl: string }).keyUrl).toMatch(new RegExp(`/${fx.org.slug}/projects/${project.slug}/keys/${key.id}$`));
  });

  it("sends security alerts to owners and security owners, whatever their preferences", async () => {
    const fx = await createOrg();
    const security = await addMember(fx.org.id, "security");
    await addMember(fx.org.id, "admin");
    await addMember(fx.org.id, "finance");
    const db = await getDb();
    await db.insert(notificationPreferences).values({ userId: security.id, organizationId: fx.org.id, category: "security", enabled: false });
    await createTestAdminKey(fx, "admin");
    await emailEvents(fx.org.id);
    const sent = await mails(fx.org.id, "security-alert");
    expect(sent.map((m) => m.to).sort()).toEqual([fx.owner.email, security.email].sort());
    expect(sent[0]!.props).toMatchObject({ eventType: "security.admin_key.created", summary: expect.stringMatching(/^The admin key “.+” \(Admin role\) was created\.$/) });
  });

  it("renders every notification template as HTML and plain text", () => {
    const key = renderEmail("key-expiry", { organizationName: "Acme", keyName: "k1", projectName: "Search", environment: "production", expiresAt: "2026-03-09T00:00:00.000Z", daysBefore: 1, keyUrl: "https://console.test/k" }, "a@b.test");
    expect(key.subject).toBe("The key “k1” expires in 1 day (Acme)");
    expect(key.text).toContain("https://console.test/k");
    expect(key.html).toMatch(/^<!DOCTYPE html><html lang="en">.*href="https:\/\/console.test\/k"/s);
    const alert = renderEmail("security-alert", { organizationName: "Acme", summary: "A <b>policy</b> changed.", eventType: "security.policy.updated", details: [{ label: "maxLifetimeDays", value: "none → 90" }], occurredAt: "2026-03-02T09:30:00.000Z", consoleUrl: "https://console.test/s" }, "a@b.test");
    expect(alert.html).toContain("A &lt;b&gt;policy&lt;/b&gt; changed.");
    expect(alert.text).toContain("maxLifetimeDays: none → 90");
    const disabled = renderEmail("webhook-disabled", { organizationName: "Acme", endpointUrl: "https://hooks.test/x", reason: "gone", failingSince: null, endpointUrlInConsole: "https://console.test/w" }, "a@b.test");
    expect(disabled.text).toContain("It answered 410 Gone");
  });
});

describe("notification preferences", () => {
  it("are on by default, change per member and category, and are audited", async () => {
    const fx = await createOrg();
    const before = await getPreferences(await getDb(), fx.org.id, fx.owner.id);
    expect(before.every((p) => p.enabled)).toBe(true);
    expect(before.filter((p) => p.essential).map((p) => p.category)).toEqual(["invitations", "security"]);
    const after = await inTransaction(fx, (tx, ctx) => updatePreferences(tx, ctx, { preferences: [{ category: "webhooks", enabled: false }] }));
    expect(after.find((p) => p.category === "webhooks")!.enabled).toBe(false);
    const other = await addMember(fx.org.id, "admin");
    expect((await getPreferences(await getDb(), fx.org.id, other.id)).find((p) => p.category === "webhooks")!.enabled).toBe(true);
    const audit = (await auditRows(fx.org.id)).find((a) => a.action === "notification.preferences_updated")!;
    expect(audit.changes).toEqual({ webhooks: { from: true, to: false } });
  });

  it("cannot turn essential categories off, and belong to people, not admin keys", async () => {
    expect(updatePreferencesInput.safeParse({ preferences: [{ category: "security", enabled: false }] }).success).toBe(false);
    const fx = await createOrg();
    const keyCtx = { ...userContext(fx.owner, fx.org.id), principal: { ...fx.ctx.principal, actor: { type: "admin_key" as const, keyId: "adk_x", name: "ci" } } };
    await expect(inTransaction(fx, (tx) => updatePreferences(tx, keyCtx, { preferences: [{ category: "keys", enabled: false }] }))).rejects.toThrow(/belong to people/);
  });
});
