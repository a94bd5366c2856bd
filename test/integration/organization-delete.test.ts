import { and, eq, isNull, sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { DELETE, GET } from "@/app/api/v1/organization/route";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { auditLogs, emailOutbox, organizations, sessions, users } from "@/db/schema";
import { renderEmail } from "@/lib/email/render";
import { KEY_CHANGES_CHANNEL } from "@/lib/keys/invalidation";
import { verifyKey } from "@/lib/keys/verify";
import { deleteOrganization } from "@/lib/orgs/delete-organization";
import {
  addMember,
  addProjectMember,
  apiRequest,
  asKey,
  asSession,
  call,
  createOrg,
  createSession,
  createTestAdminKey,
  createTestProject,
  type HeaderMap,
  orgState,
  unique,
  userContext,
  type OrgFixture,
} from "../factories";
import { createTestInvoice, patchBilling } from "../billing-factories";
import { createTeamKey, inTransaction, setKeyPolicy, verifyThroughRoute } from "../key-factories";
import { invite } from "../member-factories";
import { addVerifiedDomain, createOidcConnection } from "../sso-factories";
import { postUsage, putBudget, usageEvent } from "../usage-factories";
import { createTestEndpoint, failedDelivery } from "../webhook-factories";

// spec/domain.md, Organizations: "Deleting an organization needs the owner to type its slug;
// keys stop verifying at once."

const deleteOrg = (headers: HeaderMap, body: unknown) => call(DELETE, apiRequest("DELETE", "/organization", { headers, body }));

/** Rows per table of every table with an organization_id column (partitions included), for one organization. */
async function rowsPerTable(organizationId: string) {
  const db = await getDb();
  const tables = rowsOf<{ table_name: string }>(
    await db.execute(sql`select distinct table_name from information_schema.columns
                         where table_schema = 'public' and column_name = 'organization_id' order by table_name`),
  );
  const out: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [r] = rowsOf<{ n: string | number }>(
      await db.execute(sql`select count(*) as n from ${sql.identifier(table_name)} where organization_id = ${organizationId}`),
    );
    out[table_name] = Number(r!.n);
  }
  return out;
}

/** An organization with something in every area: projects, keys, usage, billing, webhooks, SSO, members. */
async function fullOrganization() {
  const fx = await createOrg({ plan: "enterprise", name: unique("Acme Robotics") });
  const project = await createTestProject(fx);
  const { key, secret } = await createTeamKey(fx, project.id);
  const { secret: ownerKey } = await createTestAdminKey(fx, "owner");
  const admin = await addMember(fx.org.id, "admin");
  const member = await addMember(fx.org.id, "member");
  await addProjectMember(project.id, member, "developer");
  await invite(fx, { email: `${unique("invitee")}@example.test`, role: "member" });
  const endpoint = await createTestEndpoint(fx, "https://receiver.invalid/hook", ["project.*"]);
  await failedDelivery(fx, endpoint.endpoint.id);
  expect((await postUsage([usageEvent(key.id), usageEvent(key.id)])).status).toBeLessThan(300);
  expect((await putBudget(project.id, { monthlyLimitMicros: 5_000_000 }, asKey(ownerKey))).status).toBe(200);
  expect((await patchBilling({ renewalContacts: ["ap@example.test"] }, asKey(ownerKey))).status).toBe(200);
  await createTestInvoice(fx.org.id);
  await createOidcConnection(fx);
  await addVerifiedDomain(fx.org.id);
  await setKeyPolicy(fx.org.id, { requireExpiry: false });
  return { fx, project, key, secret, ownerKey, admin, member };
}

describe("DELETE /organization", () => {
  it("refuses a slug that is not exactly the organization's, naming confirmSlug, and changes nothing", async () => {
    const fx = await createOrg();
    const { secret } = await createTestAdminKey(fx, "owner");
    const before = await rowsPerTable(fx.org.id);

    for (const body of [{ confirmSlug: "wrong" }, { confirmSlug: fx.org.slug.toUpperCase() }, { confirmSlug: ` ${fx.org.slug}` }, {}, { confirmSlug: 42 }]) {
      const res = await deleteOrg(asKey(secret), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("INVALID_REQUEST");
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(["confirmSlug"]);
    }
    const wrong = await deleteOrg(asKey(secret), { confirmSlug: "wrong" });
    expect(wrong.body.error.details[0].message).toContain(fx.org.slug);
    expect(await rowsPerTable(fx.org.id)).toEqual(before);
    expect((await call(GET, apiRequest("GET", "/organization", { headers: asKey(secret) }))).status).toBe(200);
  });

  it("is for owners only: an admin's session and an admin-role key are refused", async () => {
    const fx = await createOrg();
    const admin = await addMember(fx.org.id, "admin");
    const { secret } = await createTestAdminKey(fx, "admin");
    const before = await orgState(fx.org.id);
    for (const headers of [asSession(await createSession(admin)), asKey(secret)]) {
      const res = await deleteOrg(headers, { confirmSlug: fx.org.slug });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
    }
    expect(await orgState(fx.org.id)).toEqual(before);
  });

  it("deletes every row of the organization in every table, audit log and usage included, and nothing of another", async () => {
    const { fx, ownerKey } = await fullOrganization();
    const bystander = await fullOrganization();
    const before = await rowsPerTable(fx.org.id);
    const bystanderBefore = await rowsPerTable(bystander.fx.org.id);
    const seeded = Object.entries(before).filter(([, n]) => n > 0).map(([t]) => t);
    expect(seeded).toEqual(
      expect.arrayContaining([
        "admin_keys", "api_keys", "audit_logs", "billing_terms", "email_outbox", "environments", "invitations", "limit_budgets",
        "invoices", "key_policies", "memberships", "outbox_events", "project_members", "projects", "sso_connections",
        "sso_domains", "usage_daily_keys", "usage_daily_projects", "usage_event_ids", "usage_events", "usage_hourly",
        "webhook_deliveries", "webhook_endpoints",
      ]),
    );

    const res = await deleteOrg(asKey(ownerKey), { confirmSlug: fx.org.slug });

    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    const after = await rowsPerTable(fx.org.id);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    const db = await getDb();
    expect(await db.select().from(organizations).where(eq(organizations.id, fx.org.id))).toEqual([]);
    expect(await rowsPerTable(bystander.fx.org.id)).toEqual(bystanderBefore);
    // the admin key that asked is gone with the organization
    expect((await call(GET, apiRequest("GET", "/organization", { headers: asKey(ownerKey) }))).status).toBe(401);
  });

  it("keeps the audit log append-only for everyone else after a deletion", async () => {
    const { fx, ownerKey } = await fullOrganization();
    const other = await createOrg();
    expect((await deleteOrg(asKey(ownerKey), { confirmSlug: fx.org.slug })).status).toBe(204);
    const db = await getDb();
    await expect(db.delete(auditLogs).where(eq(auditLogs.organizationId, other.org.id))).rejects.toThrow();
    expect((await db.select().from(auditLogs).where(eq(auditLogs.organizationId, other.org.id))).length).toBeGreaterThan(0);
  });

  it("stops the organization's keys verifying at once, with the cache warm", async () => {
    const { fx, secret, ownerKey } = await fullOrganization();
    const { secret: second } = await createTeamKey(fx, (await createTestProject(fx)).id);
    for (const s of [secret, second]) {
      expect((await verifyThroughRoute({ key: s })).body).toMatchObject({ valid: true, code: "VALID" });
      expect((await verifyKey({ key: s })).code).toBe("VALID"); // answered from the cache
    }

    expect((await deleteOrg(asKey(ownerKey), { confirmSlug: fx.org.slug })).status).toBe(204);

    for (const s of [secret, second]) {
      expect((await verifyThroughRoute({ key: s })).body).toMatchObject({ valid: false, code: "NOT_FOUND" });
    }
  });

  it("emails the owners and admins who deleted it and when, with mail that outlives the organization", async () => {
    const { fx, ownerKey, admin, member } = await fullOrganization();
    const owner2 = await addMember(fx.org.id, "owner");

    expect((await deleteOrg(asKey(ownerKey), { confirmSlug: fx.org.slug })).status).toBe(204);

    const db = await getDb();
    const mail = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.template, "organization-deleted"), isNull(emailOutbox.organizationId), sql`${emailOutbox.props}->>'organizationSlug' = ${fx.org.slug}`));
    expect(mail.map((m) => m.to).sort()).toEqual([fx.owner.email, owner2.email, admin.email].sort());
    expect(mail.map((m) => m.to)).not.toContain(member.email);
    expect(mail.every((m) => m.status === "pending" && m.category === null)).toBe(true);
    const rendered = renderEmail("organization-deleted", mail[0]!.props as never, mail[0]!.to);
    expect(rendered.subject).toBe(`${fx.org.name} was deleted`);
    expect(rendered.text).toMatch(new RegExp(`^${fx.org.name} \\(${fx.org.slug}\\) was deleted by admin key .+ at .+ UTC\\.`));
    expect(rendered.html).toContain("stopped verifying at once");
  });

  it("keeps members' accounts and sessions, and sends the owner to their next organization", async () => {
    const { fx, member } = await fullOrganization();
    const elsewhere = await createOrg({ owner: fx.owner });
    const ownerCookie = await createSession(fx.owner);
    const memberCookie = await createSession(member);
    const db = await getDb();

    const done = await inTransaction(fx, (tx, ctx) => deleteOrganization(tx, ctx, { confirmSlug: fx.org.slug }), userContext(fx.owner, fx.org.id));

    expect(done).toEqual({ organization: { id: fx.org.id, slug: fx.org.slug, name: fx.org.name }, next: `/${elsewhere.org.slug}` });
    expect(await db.select().from(users).where(eq(users.id, member.id))).toHaveLength(1);
    for (const user of [fx.owner, member]) expect((await db.select().from(sessions).where(eq(sessions.userId, user.id))).length).toBeGreaterThan(0);
    // the member's session still works, and no longer reaches the organization
    const res = await call(GET, apiRequest("GET", "/organization", { headers: asSession(memberCookie, fx.org.slug) }));
    expect(res.status).toBe(404);
    expect((await call(GET, apiRequest("GET", "/organization", { headers: asSession(ownerCookie) }))).body).toMatchObject({ id: elsewhere.org.id });
  });

  it("sends an owner without another organization to /organizations/new", async () => {
    const fx: OrgFixture = await createOrg();
    const done = await inTransaction(fx, (tx, ctx) => deleteOrganization(tx, ctx, { confirmSlug: fx.org.slug }));
    expect(done.next).toBe("/organizations/new");
  });
});

// Other nodes forget the keys through NOTIFY at commit (real PostgreSQL: PGlite has one connection, no other node).
const databaseUrl = inject("databaseUrl");

describe.runIf(databaseUrl)("other nodes", () => {
  it("hear the organization-wide key change when the deletion commits, and not when it is refused", async () => {
    const fx = await createOrg();
    const { secret } = await createTestAdminKey(fx, "owner");
    const listener = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
    const heard: string[] = [];
    try {
      await listener.listen(KEY_CHANGES_CHANNEL, (payload) => heard.push(payload));
      const change = JSON.stringify({ kind: "organization", id: fx.org.id });
      expect((await deleteOrg(asKey(secret), { confirmSlug: "nope" })).status).toBe(400);
      expect((await deleteOrg(asKey(secret), { confirmSlug: fx.org.slug })).status).toBe(204);
      const start = Date.now();
      while (!heard.includes(change) && Date.now() - start < 2000) await new Promise((r) => setTimeout(r, 10));
      expect(heard.filter((p) => p === change)).toHaveLength(1);
    } finally {
      await listener.end({ timeout: 5 });
    }
  });
});
