import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Invoice, InvoiceLine } from "@/db/schema";
import { renderInvoicePdf } from "./pdf";

// Reads the PDF back with poppler (pdftotext, pdfinfo), as a person's viewer would.
function read(pdf: Buffer) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "pdf-")), "invoice.pdf");
  writeFileSync(file, pdf);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file]).toString())![1]);
  return { pages, text: execFileSync("pdftotext", ["-layout", file, "-"]).toString() };
}

const invoice: Invoice = {
  id: "in_test",
  organizationId: "org_test",
  number: "GLOBEX-2026-09",
  month: "2026-09",
  periodStart: new Date("2026-09-01T00:00:00Z"),
  periodEnd: new Date("2026-10-01T00:00:00Z"),
  status: "open",
  currency: "USD",
  subtotalMicros: 0,
  taxMicros: 0,
  totalMicros: 0,
  taxRatePercent: "7.2500",
  seats: 3,
  includedSeats: 2,
  committedMonthlyMicros: 0,
  usageMicros: 0,
  paymentTermsDays: 30,
  billTo: { organizationName: "Globex", organizationSlug: "globex", billingOwnerName: "Hank Scorpio", billingOwnerEmail: "hank@globex.test", contacts: ["ap@globex.test"] },
  issuedAt: new Date("2026-10-01T00:05:00Z"),
  dueAt: new Date("2026-10-31T00:05:00Z"),
  paidAt: null,
  voidedAt: null,
  overdueNoticeAt: null,
  createdAt: new Date(),
  updatedAt: new Date(),
};

function usageLine(position: number): InvoiceLine {
  return { invoiceId: "in_test", position, kind: "usage", description: `Usage: Project ${position} · openai/gpt-4o`, projectId: `prj_${position}`, model: "openai/gpt-4o", requests: 10, inputTokens: 1000, outputTokens: 500, quantity: 1, unitPriceMicros: 1_234_567, amountMicros: 1_234_567 };
}

describe("invoice PDF", () => {
  it("lays out one page with the seller, bill-to, facts, lines, totals and terms", async () => {
    const lines: InvoiceLine[] = [
      { ...usageLine(0), kind: "plan", description: "Team plan, monthly base fee", projectId: null, model: null, requests: null, inputTokens: null, outputTokens: null, unitPriceMicros: 500_000_000, amountMicros: 500_000_000 },
      usageLine(1),
    ];
    const { pages, text } = read(await renderInvoicePdf({ invoice: { ...invoice, subtotalMicros: 501_234_567, taxMicros: 36_339_506, totalMicros: 537_574_073 }, lines }));
    expect(pages).toBe(1);
    for (const s of ["AnyInt, Inc.", "INVOICE", "GLOBEX-2026-09", "OPEN", "2026-10-31", "2026-09-01 to 2026-09-30", "Globex", "Attn: Hank Scorpio", "Cc: ap@globex.test", "$537.57 USD", "$500.00", "$1.23", "10 requests", "Tax (7.25 %)", "$36.34", "Net 30", "GLOBEX-2026-09 · Page 1 of 1"]) {
      expect(text).toContain(s);
    }
  });

  it("breaks long invoices over pages, repeating the table header and numbering every page", async () => {
    const lines = Array.from({ length: 60 }, (_, i) => usageLine(i));
    const { pages, text } = read(await renderInvoicePdf({ invoice, lines }));
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text.match(/DESCRIPTION/g)).toHaveLength(pages);
    expect(text).toContain("Usage: Project 59 · openai/gpt-4o");
  });
});
