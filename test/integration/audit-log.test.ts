import { eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import * as auditLogsRoute from "@/app/api/v1/audit-logs/route";
import * as exportRoute from "@/app/(console)/[orgSlug]/audit/export/route";
import { getDb } from "@/db/client";
import { auditLogs } from "@/db/schema";
import { AUDIT_CSV_HEADER, auditCsvChunks } from "@/lib/audit/export";
import { addMember, apiRequest, asKey, auditRows, call, createOrg, createTestAdminKey, createTestProject, type OrgFixture } from "../factories";
import { sessionFor } from "../session-factories";

vi.mock("next/server", () => ({ connection: async () => {} }));

async function entry(fx: OrgFixture, values: Partial<typeof auditLogs.$inferInsert> & { action: string; createdAt: Date }) {
  const db = await getDb();
  const [row] = await db
    .insert(auditLogs)
    .values({ organizationId: fx.org.id, actorType: "user", actorId: fx.owner.id, actorLabel: fx.owner.email, targetType: "project", targetId: null, ...values })
    .returning();
  return row!;
}

const list = (fx: OrgFixture, secret: string, query: string) =>
  call(auditLogsRoute.GET, apiRequest("GET", `/audit-logs${query}`, { headers: asKey(secret) }));

async function exportCsv(fx: OrgFixture, cookie: string, query = "") {
  const res = await exportRoute.GET(new Request(`http://localhost/${fx.org.slug}/audit/export${query}`, { headers: { cookie, "user-agent": "vitest" } }), {
    params: Promise.resolve({ orgSlug: fx.org.slug }),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe("GET /api/v1/audit-logs", () => {
  it("filters by action (or group), actor, target and time, newest first, and pages with a cursor", async () => {
    const fx = await createOrg();
    const { secret, adminKey } = await createTestAdminKey(fx, "security");
    const project = await createTestProject(fx); // a real change: project.created by the owner
    const t = (h: number) => new Date(Date.UTC(2025, 0, 1, h));
    await entry(fx, { action: "key.created", targetType: "key", targetId: "key_a", createdAt: t(1) });
    await entry(fx, { action: "key.revoked", targetType: "key", targetId: "key_a", createdAt: t(2) });
    await entry(fx, { action: "key.created", targetType: "key", targetId: "key_b", createdAt: t(3), actorType: "admin_key", actorId: adminKey.id, actorLabel: "admin key ci" });
    await entry(fx, { action: "webhook.endpoint_disabled", targetType: "webhook_endpoint", createdAt: t(4), actorType: "system", actorId: null, actorLabel: "system" });

    const byAction = await list(fx, secret, "?action=key.created");
    expect(byAction.status).toBe(200);
    expect(byAction.body.data.map((e: { target: { id: string } }) => e.target.id)).toEqual(["key_b", "key_a"]);
    expect(byAction.body.data[0]).toMatchObject({ action: "key.created", actor: { type: "admin_key", id: adminKey.id, label: "admin key ci" }, createdAt: t(3).toISOString() });

    expect((await list(fx, secret, "?action=key.*")).body.data).toHaveLength(3);
    expect((await list(fx, secret, `?actorId=${adminKey.id}`)).body.data).toHaveLength(1);
    expect((await list(fx, secret, "?actorId=system")).body.data.map((e: { action: string }) => e.action)).toEqual(["webhook.endpoint_disabled"]);
    expect((await list(fx, secret, "?targetId=key_a")).body.data.map((e: { action: string }) => e.action)).toEqual(["key.revoked", "key.created"]);
    expect((await list(fx, secret, `?targetId=${project.id}`)).body.data.map((e: { action: string }) => e.action)).toContain("project.created");
    const ranged = await list(fx, secret, `?start=${t(2).toISOString()}&end=${t(4).toISOString()}`);
    expect(ranged.body.data.map((e: { action: string }) => e.action)).toEqual(["key.created", "key.revoked"]);
    expect((await list(fx, secret, "?start=2025-01-01&end=2025-01-02")).body.data).toHaveLength(4);

    // paging: every entry once, in order
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { id: string }[]; nextCursor: string | null } } = await list(fx, secret, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.body.data.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = (await list(fx, secret, "?limit=100")).body.data.map((e: { id: string }) => e.id);
    expect(seen).toEqual(all);
    expect(all.length).toBeGreaterThanOrEqual(6);
  });

  it("refuses bad filters naming the field, and never shows another organization's entries", async () => {
    const fx = await createOrg();
    const other = await createOrg();
    const { secret } = await createTestAdminKey(fx, "admin");
    const foreign = await entry(other, { action: "key.created", createdAt: new Date() });

    const bad = await list(fx, secret, "?start=2025-02-01&end=2025-01-01&action=DROP%20TABLE&limit=500&since=x");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["query.action", "query.end", "query.limit", "query.since"]);
    const inverted = await list(fx, secret, "?start=2025-02-01&end=2025-01-01");
    expect(inverted.body.error.details).toEqual([{ path: "query.end", message: "must be after start" }]);
    const cursor = await list(fx, secret, `?cursor=${foreign.id}`);
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.details).toEqual([{ path: "query.cursor", message: "is not a cursor of this list" }]);
    expect((await list(fx, secret, `?actorId=${other.owner.id}`)).body.data).toEqual([]);
    expect((await list(fx, secret, "?action=key.created")).body.data).toEqual([]);
  });
});

describe("audit CSV export", () => {
  it("downloads the current filter as CSV, and audits the export", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    const security = await addMember(fx.org.id, "security");
    const { cookie } = await sessionFor(security);
    await entry(fx, { action: "key.revoked", targetType: "key", targetId: "key_csv", createdAt: new Date(Date.UTC(2025, 5, 1)), changes: { reason: 'leaked, "urgent"' }, ip: "203.0.113.5" });
    await entry(fx, { action: "key.created", targetType: "key", targetId: "key_other", createdAt: new Date(Date.UTC(2025, 5, 2)) });

    const res = await exportCsv(fx, cookie, "?action=key.revoked");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`attachment; filename="${fx.org.slug}-audit-.+\\.csv"`));
    const lines = res.text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(AUDIT_CSV_HEADER.join(","));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^aud_\w+,2025-06-01T00:00:00\.000Z,user,usr_\w+,[^,]+,key\.revoked,key,key_csv,203\.0\.113\.5,,,"\{""reason"":""leaked, \\""urgent\\""""\}"$/);
    expect((await auditRows(fx.org.id)).find((a) => a.action === "audit.exported")).toMatchObject({ actorId: security.id, changes: { filter: { action: "key.revoked" } } });
  });

  it("is refused to plans without export, to roles without audit.read, and without a session", async () => {
    const team = await createOrg({ plan: "team" });
    const owner = await sessionFor(team.owner);
    const refused = await exportCsv(team, owner.cookie);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).error.message).toBe("Audit log export is not part of the Team plan: it needs the Enterprise plan.");

    const enterprise = await createOrg({ plan: "enterprise" });
    const finance = await sessionFor(await addMember(enterprise.org.id, "finance"));
    expect((await exportCsv(enterprise, finance.cookie)).status).toBe(403);
    expect((await exportCsv(enterprise, "authjs.session-token=nope")).status).toBe(401);
    expect((await exportCsv(enterprise, owner.cookie)).status).toBe(404); // not a member
    const bad = await exportCsv(enterprise, (await sessionFor(enterprise.owner)).cookie, "?start=yesterday");
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.details).toEqual([{ path: "query.start", message: "must be an ISO-8601 date or date-time" }]);
  });

  it("streams in pages and stops at the cap", async () => {
    const fx = await createOrg();
    for (let i = 0; i < 5; i++) await entry(fx, { action: "key.created", targetId: `key_${i}`, createdAt: new Date(Date.UTC(2025, 0, 1, i)) });
    const db = await getDb();
    let text = "";
    for await (const chunk of auditCsvChunks(db, fx.org.id, { action: "key.created" }, 3)) text += chunk;
    expect(text.trimEnd().split("\r\n").slice(1).map((l) => l.split(",")[7])).toEqual(["key_4", "key_3", "key_2"]);
  });
});

/** The database's own message for a refused statement (drizzle wraps it as the cause). */
async function refusal(statement: PromiseLike<unknown>): Promise<string> {
  try {
    await statement;
  } catch (error) {
    const e = error as Error & { cause?: Error };
    return `${e.message} ${e.cause?.message ?? ""}`;
  }
  return "the statement succeeded";
}

describe("the audit log is append-only in the database", () => {
  it("refuses UPDATE, DELETE and TRUNCATE through the app's own connection", async () => {
    const fx = await createOrg();
    const row = await entry(fx, { action: "key.created", createdAt: new Date() });
    const db = await getDb();
    expect(await refusal(db.update(auditLogs).set({ action: "key.revoked" }).where(eq(auditLogs.id, row.id)))).toMatch(/append-only: UPDATE is not allowed/);
    expect(await refusal(db.delete(auditLogs).where(eq(auditLogs.id, row.id)))).toMatch(/append-only: DELETE is not allowed/);
    expect(await refusal(db.execute(sql`truncate audit_logs`))).toMatch(/append-only: TRUNCATE is not allowed/);
    const [still] = await db.select().from(auditLogs).where(eq(auditLogs.id, row.id));
    expect(still).toEqual(row);
  });
});
