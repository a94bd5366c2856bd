import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { onPostgres, POSTGRES_ONLY } from "../databases";
import { getDb } from "@/db/client";
import { invoiceLines, invoices } from "@/db/schema";
import { billingInvoiceEmail } from "@/lib/email/templates/billing-invoice";
import { closeMonth } from "@/lib/billing/close";
import { sweepOverdueInvoices } from "@/lib/billing/reminders";
import { INVOICE_CSV_HEADER } from "@/lib/billing/csv";
import { addMember, asKey, auditRows, createOrg, createTestAdminKey, createTestProject, type Json, type OrgFixture } from "../factories";
import { createTeamKey } from "../key-factories";
import { getUsage, postUsage, usageEvent } from "../usage-factories";
import {
  afterMonth,
  backdateOrganization,
  billingEmails,
  closeFor,
  downloadInvoice,
  getInvoiceApi,
  listInvoicesApi,
  patchBilling,
  setStatusApi,
  thisMonth,
} from "../billing-factories";
import { eventsOfType } from "../usage-factories";

// Month close and invoices. Prices: one GPT-4o event of 1,000 input tokens and no output
// costs 2,500 micro-dollars; one GPT-4o mini event of the same, 150.
const gpt4o = (keyId: string, n: number) => Array.from({ length: n }, () => usageEvent(keyId, { inputTokens: 1000, outputTokens: 0 }));
const mini = (keyId: string, n: number) => Array.from({ length: n }, () => usageEvent(keyId, { model: "openai/gpt-4o-mini", inputTokens: 1000, outputTokens: 0 }));

async function orgWithTerms(terms: Record<string, unknown>) {
  const fx = await createOrg();
  const owner = asKey((await createTestAdminKey(fx, "owner")).secret);
  const res = await patchBilling(terms, owner);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { fx, owner };
}

async function linesOf(invoiceId: string) {
  const db = await getDb();
  return db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(invoiceLines.position);
}

describe("month close", () => {
  it("bills plan, extra seats, usage by project and model, and tax half up (hand-computed)", async () => {
    const { fx, owner } = await orgWithTerms({
      baseFeeMicros: 100_000_000,
      includedSeats: 2,
      seatPriceMicros: 15_000_000,
      taxRatePercent: "8.875",
      paymentTermsDays: 14,
      renewalContacts: ["ap@example.test", "CFO@example.test"],
    });
    await addMember(fx.org.id, "finance");
    await addMember(fx.org.id, "member"); // 3 members: 1 over the 2 included
    const a = await createTestProject(fx, { name: "Alpha" });
    const b = await createTestProject(fx, { name: "Beta" });
    const keyA = (await createTeamKey(fx, a.id)).key.id;
    const keyB = (await createTeamKey(fx, b.id)).key.id;
    expect((await postUsage([...gpt4o(keyA, 3), ...mini(keyA, 2), ...gpt4o(keyB, 2)])).body.accepted).toBe(7);

    const month = thisMonth();
    const { created } = await closeFor(fx.org.id, month);
    expect(created).toHaveLength(1);
    const res = await getInvoiceApi(created[0]!.invoiceId, owner);
    expect(res.status).toBe(200);
    // usage 3 × 2,500 + 2 × 150 + 2 × 2,500 = 12,800; subtotal 100,000,000 + 15,000,000 + 12,800 = 115,012,800
    // tax 8.875 % = 10,207,386.0 → 10,207,386; total 125,220,186
    expect(res.body).toMatchObject({
      number: `${fx.org.slug.toUpperCase()}-${month}`,
      month,
      status: "open",
      seats: 3,
      includedSeats: 2,
      usageMicros: 12_800,
      subtotalMicros: 115_012_800,
      taxRatePercent: "8.875",
      taxMicros: 10_207_386,
      totalMicros: 125_220_186,
      paymentTermsDays: 14,
    });
    expect(Date.parse(res.body.dueAt) - Date.parse(res.body.issuedAt)).toBe(14 * 86_400_000);
    expect(res.body.lines.map((l: { kind: string; amountMicros: number; quantity: number }) => [l.kind, l.quantity, l.amountMicros])).toEqual([
      ["plan", 1, 100_000_000],
      ["seats", 1, 15_000_000],
      ["usage", 1, 7_500],
      ["usage", 1, 300],
      ["usage", 1, 5_000],
    ]);
    expect(res.body.lines[2]).toMatchObject({ projectId: a.id, model: "openai/gpt-4o", requests: 3, inputTokens: 3000, outputTokens: 0, description: "Usage: Alpha · openai/gpt-4o" });

    // the event, the audit entry, and an email to the billing owner and each renewal contact
    const events = await eventsOfType(fx.org.id, "billing.invoice.created");
    expect(events).toHaveLength(1);
    expect((events[0]!.payload as Json).data.invoice).toMatchObject({ id: created[0]!.invoiceId, totalMicros: 125_220_186 });
    expect(JSON.stringify(events[0]!.payload)).not.toContain("ap@example.test");
    expect((await auditRows(fx.org.id)).filter((r) => r.action === "billing.invoice.created")).toHaveLength(1);
    const emails = await billingEmails(fx.org.id, "billing-invoice");
    expect(emails.map((e) => e.to).sort()).toEqual(["ap@example.test", "cfo@example.test", fx.owner.email].sort());
    const props = emails[0]!.props as Parameters<typeof billingInvoiceEmail.text>[0];
    expect(billingInvoiceEmail.subject(props)).toBe(`Invoice ${res.body.number} (${props.monthName}): $125.22`);
  });

  it("reconciles exactly with GET /usage for the same month", async () => {
    const fx = await createOrg();
    const owner = asKey((await createTestAdminKey(fx, "owner")).secret);
    const p = await createTestProject(fx);
    const q = await createTestProject(fx);
    const k1 = (await createTeamKey(fx, p.id)).key.id;
    const k2 = (await createTeamKey(fx, q.id)).key.id;
    await postUsage([
      ...Array.from({ length: 5 }, (_, i) => usageEvent(k1, { inputTokens: 1234 + i * 17, outputTokens: 321 + i })),
      ...Array.from({ length: 4 }, (_, i) => usageEvent(k2, { model: "openai/gpt-4o-mini", inputTokens: 777 + i, outputTokens: 55 * i })),
    ]);
    const month = thisMonth();
    const { created } = await closeFor(fx.org.id, month);
    const invoice = (await getInvoiceApi(created[0]!.invoiceId, owner)).body;
    const { start, end } = { start: `${month}-01`, end: new Date(afterMonth(month)).toISOString().slice(0, 10) };
    const usage = await getUsage({ start, end, bucket: "month", groupBy: "project,model" }, owner);
    expect(usage.status).toBe(200);
    const fromUsage = usage.body.data.flatMap((b: { results: object[] }) => b.results);
    const fromInvoice = invoice.lines
      .filter((l: { kind: string }) => l.kind === "usage")
      .map((l: { projectId: string; model: string; requests: number; inputTokens: number; outputTokens: number; amountMicros: number }) => ({
        projectId: l.projectId,
        model: l.model,
        requests: l.requests,
        inputTokens: l.inputTokens,
        outputTokens: l.outputTokens,
        costMicros: l.amountMicros,
      }));
    const key = (r: { projectId: string; model: string }) => `${r.projectId}/${r.model}`;
    expect([...fromInvoice].sort((x, y) => key(x).localeCompare(key(y)))).toEqual([...fromUsage].sort((x: Json, y: Json) => key(x).localeCompare(key(y))));
    const total = fromUsage.reduce((s: number, r: { costMicros: number }) => s + r.costMicros, 0);
    expect(invoice.usageMicros).toBe(total);
    expect(total).toBeGreaterThan(0);
  });

  it("bills a month with no usage: seats under the included number cost nothing, and a commitment shortfall is billed", async () => {
    const { fx, owner } = await orgWithTerms({ baseFeeMicros: 500_000_000, includedSeats: 10, seatPriceMicros: 25_000_000, committedMonthlyMicros: 50_000_000 });
    await backdateOrganization(fx.org.id);
    const { created } = await closeFor(fx.org.id, "2022-02");
    const inv = (await getInvoiceApi(created[0]!.invoiceId, owner)).body;
    expect(inv).toMatchObject({ seats: 1, usageMicros: 0, subtotalMicros: 550_000_000, taxMicros: 0, totalMicros: 550_000_000, periodStart: "2022-02-01T00:00:00.000Z", periodEnd: "2022-03-01T00:00:00.000Z" });
    expect(inv.lines.map((l: { kind: string; amountMicros: number }) => [l.kind, l.amountMicros])).toEqual([
      ["plan", 500_000_000],
      ["seats", 0],
      ["commitment", 50_000_000],
    ]);
    expect(inv.lines[1].description).toBe("Seats: 1 member, 10 included, 0 extra seats");
  });

  it("rounds tax half up to the micro-dollar", async () => {
    // 1,000,010 × 5 % = 50,000.5 → 50,001; 1,000,009 × 5 % = 50,000.45 → 50,000
    for (const [base, tax] of [[1_000_010, 50_001], [1_000_009, 50_000]] as const) {
      const { fx } = await orgWithTerms({ baseFeeMicros: base, includedSeats: 5, taxRatePercent: "5" });
      await backdateOrganization(fx.org.id);
      const { created } = await closeFor(fx.org.id, "2022-03");
      const db = await getDb();
      const [row] = await db.select().from(invoices).where(eq(invoices.id, created[0]!.invoiceId));
      expect([row!.subtotalMicros, row!.taxMicros, row!.totalMicros]).toEqual([base, tax, base + tax]);
    }
  });

  it("is idempotent: a second run creates nothing", async () => {
    const fx = await createOrg();
    await backdateOrganization(fx.org.id);
    const first = await closeFor(fx.org.id, "2023-05");
    expect(first.created).toHaveLength(1);
    const lines = await linesOf(first.created[0]!.invoiceId);
    expect((await closeFor(fx.org.id, "2023-05")).created).toEqual([]);
    expect(await linesOf(first.created[0]!.invoiceId)).toEqual(lines);
    expect(await eventsOfType(fx.org.id, "billing.invoice.created")).toHaveLength(1);
  });

  // the invoices' unique (organization, month) decides which run creates it: a race only where transactions overlap
  it.skipIf(!onPostgres)(`creates one invoice when runs close the same month at once ${POSTGRES_ONLY}`, async () => {
    const fx = await createOrg();
    await backdateOrganization(fx.org.id);
    const runs = await Promise.all([closeFor(fx.org.id, "2023-06"), closeFor(fx.org.id, "2023-06"), closeFor(fx.org.id, "2023-06")]);
    expect(runs.flatMap((r) => r.created)).toHaveLength(1);
    const db = await getDb();
    const rows = await db.select().from(invoices).where(eq(invoices.organizationId, fx.org.id));
    expect(rows.map((r) => r.month)).toEqual(["2023-06"]);
    expect(await eventsOfType(fx.org.id, "billing.invoice.created")).toHaveLength(1);
  });

  it("refuses a month that has not ended, and skips organizations created after it", async () => {
    const fx = await createOrg();
    const month = thisMonth();
    await expect(closeMonth(await getDb(), month, { organizationId: fx.org.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await closeFor(fx.org.id, "2021-01")).created).toEqual([]); // the organization did not exist yet
  });
});

describe("invoice status from the platform", () => {
  async function openInvoices(n: number) {
    const fx: OrgFixture = await createOrg();
    await backdateOrganization(fx.org.id);
    const ids: string[] = [];
    for (let i = 1; i <= n; i++) ids.push((await closeFor(fx.org.id, `2024-0${i}`)).created[0]!.invoiceId);
    return { fx, ids };
  }

  it("marks paid or void once, and refuses other transitions with CONFLICT", async () => {
    const { fx, ids } = await openInvoices(2);
    const [a, b] = ids as [string, string];
    const paid = await setStatusApi(a, { status: "paid" });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ id: a, status: "paid", paidAt: expect.any(String) });
    expect((await setStatusApi(a, { status: "paid" })).status).toBe(200); // a retry changes nothing
    expect(await eventsOfType(fx.org.id, "billing.invoice.paid")).toHaveLength(1);

    const refused = await setStatusApi(a, { status: "void" });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("a paid invoice cannot be voided") });

    expect((await setStatusApi(b, { status: "void" })).body).toMatchObject({ status: "void", voidedAt: expect.any(String) });
    const voided = await eventsOfType(fx.org.id, "billing.invoice.voided");
    expect(voided).toHaveLength(1);
    expect((voided[0]!.payload as Json).data).toMatchObject({ invoice: { id: b, status: "void" }, previousStatus: "open" });
    expect((await setStatusApi(b, { status: "paid" })).body.error.message).toContain("a void invoice cannot be paid");
    expect((await auditRows(fx.org.id)).filter((r) => r.action === "billing.invoice.paid" || r.action === "billing.invoice.voided")).toHaveLength(2);
  });

  it("answers 404 for an unknown invoice, 400 for a bad status, 401 without the platform token", async () => {
    const { ids } = await openInvoices(1);
    expect((await setStatusApi("in_unknown", { status: "paid" })).status).toBe(404);
    const bad = await setStatusApi(ids[0]!, { status: "open" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: "status", message: "must be paid or void" }]);
    expect((await setStatusApi(ids[0]!, { status: "paid" }, {})).status).toBe(401);
    expect((await setStatusApi(ids[0]!, { status: "paid" }, { authorization: "Bearer nope" })).status).toBe(401);
  });

  it("sends one overdue notice when an open invoice is past due", async () => {
    const { fx, ids } = await openInvoices(1);
    const db = await getDb();
    const [row] = await db.select().from(invoices).where(eq(invoices.id, ids[0]!));
    const later = new Date(row!.dueAt!.getTime() + 86_400_000);
    await sweepOverdueInvoices(db, later);
    await sweepOverdueInvoices(db, new Date(later.getTime() + 86_400_000));
    const overdue = (await billingEmails(fx.org.id, "billing-invoice")).filter((e) => (e.props as { kind: string }).kind === "overdue");
    expect(overdue.map((e) => e.to)).toEqual([fx.owner.email]);
  });
});

describe("invoice list and downloads", () => {
  it("filters by status and period, pages by cursor, and serves the PDF and CSV", async () => {
    const fx = await createOrg();
    const finance = asKey((await createTestAdminKey(fx, "finance")).secret);
    await backdateOrganization(fx.org.id);
    for (const m of ["2024-11", "2024-12", "2025-01"]) await closeFor(fx.org.id, m);
    const all = await listInvoicesApi({}, finance);
    expect(all.body.data.map((i: { month: string }) => i.month)).toEqual(["2025-01", "2024-12", "2024-11"]);
    const [jan] = all.body.data;
    await setStatusApi(jan.id, { status: "paid" });
    expect((await listInvoicesApi({ status: "paid" }, finance)).body.data.map((i: { month: string }) => i.month)).toEqual(["2025-01"]);
    expect((await listInvoicesApi({ period: "2024" }, finance)).body.data.map((i: { month: string }) => i.month)).toEqual(["2024-12", "2024-11"]);
    expect((await listInvoicesApi({ period: "2024-11" }, finance)).body.data).toHaveLength(1);
    const page1 = await listInvoicesApi({ limit: "2" }, finance);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await listInvoicesApi({ limit: "2", cursor: page1.body.nextCursor }, finance);
    expect(page2.body).toEqual({ data: [expect.objectContaining({ month: "2024-11" })], nextCursor: null });
    const bad = await listInvoicesApi({ status: "late", period: "24" }, finance);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["query.period", "query.status"]);

    const csv = await downloadInvoice(jan.id, "csv", finance);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const rows = csv.bytes.toString("utf8").trim().split("\r\n");
    expect(rows[0]).toBe(INVOICE_CSV_HEADER.join(","));
    expect(rows[1]).toBe(`${jan.number},2025-01,1,plan,"Team plan, monthly base fee",,,,,,1,500.00,500.00,500000000,500000000`);

    const pdf = await downloadInvoice(jan.id, "pdf", finance);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toBe(`attachment; filename="invoice-${jan.number}.pdf"`);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "invoice-")), "invoice.pdf");
    writeFileSync(file, pdf.bytes);
    const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString();
    for (const expected of ["INVOICE", jan.number, "PAID", fx.org.name, "Team plan, monthly base fee", "$500.00", "Subtotal", "Tax (0 %)", "Total (USD)", "Net 30", "Page 1 of 1"]) {
      expect(text).toContain(expected);
    }
  });
});
