import PDFDocument from "pdfkit";
import type { InvoiceWithLines } from "./invoices";
import { formatRate, formatUsd } from "./money";
import { SELLER } from "./pdf-seller";

// The invoice as a PDF (pdfkit, built-in Helvetica): seller and bill-to blocks, the invoice's
// facts, a line table with right-aligned amounts, totals, payment terms, and page numbers.


const INK = "#0f172a";
const MUTED = "#475569";
const RULE = "#cbd5e1";
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "—");
const int = (n: number | null) => (n ?? 0).toLocaleString("en-US");

export function renderInvoicePdf({ invoice, lines }: InvoiceWithLines): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "LETTER",
    margin: 50,
    bufferPages: true,
    info: { Title: `Invoice ${invoice.number}`, Author: "AnyInt, Inc.", Subject: `Invoice ${invoice.number} for ${invoice.billTo.organizationName}` },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));

  const left = 50;
  const right = doc.page.width - 50;
  const width = right - left;

  // Seller and title
  doc.fillColor("#4f46e5").font("Helvetica-Bold").fontSize(22).text("AnyInt", left, 50);
  doc.fillColor(MUTED).font("Helvetica").fontSize(9).text(SELLER.join("\n"), left, 78, { lineGap: 1 });
  doc.fillColor(INK).font("Helvetica-Bold").fontSize(20).text("INVOICE", left, 50, { width, align: "right" });
  const facts: [string, string][] = [
    ["Invoice number", invoice.number],
    ["Status", invoice.status.toUpperCase()],
    ["Issue date", day(invoice.issuedAt)],
    ["Due date", day(invoice.dueAt)],
    ["Period", `${day(invoice.periodStart)} to ${day(new Date(invoice.periodEnd.getTime() - 1))}`],
  ];
  let y = 80;
  for (const [label, value] of facts) {
    doc.font("Helvetica").fontSize(9).fillColor(MUTED).text(label, right - 230, y, { width: 100 });
    doc.font("Helvetica-Bold").fillColor(INK).text(value, right - 130, y, { width: 130, align: "right" });
    y += 14;
  }

  // Bill to
  y = 165;
  doc.font("Helvetica-Bold").fontSize(9).fillColor(MUTED).text("BILL TO", left, y);
  const billTo = [
    invoice.billTo.billingOwnerName ? `Attn: ${invoice.billTo.billingOwnerName}` : null,
    invoice.billTo.billingOwnerEmail,
    invoice.billTo.contacts.length ? `Cc: ${invoice.billTo.contacts.join(", ")}` : null,
  ].filter(Boolean);
  doc.font("Helvetica-Bold").fontSize(11).fillColor(INK).text(invoice.billTo.organizationName, left, y + 13);
  doc.font("Helvetica").fontSize(9).fillColor(INK).text(billTo.join("\n"), left, y + 28, { width: 300 });
  doc.font("Helvetica-Bold").fontSize(9).fillColor(MUTED).text("AMOUNT DUE", right - 200, y, { width: 200, align: "right" });
  doc.font("Helvetica-Bold").fontSize(18).fillColor(INK).text(`${formatUsd(invoice.status === "paid" || invoice.status === "void" ? 0 : invoice.totalMicros)} ${invoice.currency}`, right - 250, y + 13, { width: 250, align: "right" });

  // Line table
  const cols = { desc: left, qty: left + 300, unit: left + 350, amount: left + 430 };
  const header = (at: number) => {
    doc.rect(left, at, width, 18).fill("#f1f5f9");
    doc.font("Helvetica-Bold").fontSize(8.5).fillColor(MUTED);
    doc.text("DESCRIPTION", cols.desc + 6, at + 5);
    doc.text("QTY", cols.qty, at + 5, { width: 45, align: "right" });
    doc.text("UNIT PRICE", cols.unit, at + 5, { width: 75, align: "right" });
    doc.text("AMOUNT", cols.amount, at + 5, { width: right - cols.amount - 6, align: "right" });
    return at + 24;
  };
  const bottom = doc.page.height - 90;
  y = header(240);
  for (const l of lines) {
    const detail = l.kind === "usage" ? `${int(l.requests)} requests · ${int(l.inputTokens)} input tokens · ${int(l.outputTokens)} output tokens` : null;
    const height = doc.font("Helvetica").fontSize(9).heightOfString(l.description, { width: 290 }) + (detail ? 11 : 0);
    if (y + height > bottom) {
      doc.addPage();
      y = header(50);
    }
    doc.font("Helvetica").fontSize(9).fillColor(INK).text(l.description, cols.desc + 6, y, { width: 290 });
    if (detail) doc.fontSize(7.5).fillColor(MUTED).text(detail, cols.desc + 6, y + height - 10, { width: 290 });
    doc.fontSize(9).fillColor(INK);
    doc.text(int(l.quantity), cols.qty, y, { width: 45, align: "right" });
    doc.text(formatUsd(l.unitPriceMicros), cols.unit, y, { width: 75, align: "right" });
    doc.text(formatUsd(l.amountMicros), cols.amount, y, { width: right - cols.amount - 6, align: "right" });
    y += height + 7;
    doc.moveTo(left, y - 3).lineTo(right, y - 3).lineWidth(0.5).strokeColor(RULE).stroke();
  }

  // Totals
  if (y + 110 > bottom) {
    doc.addPage();
    y = 50;
  }
  y += 6;
  const totals: [string, string, boolean][] = [
    ["Subtotal", formatUsd(invoice.subtotalMicros), false],
    [`Tax (${formatRate(invoice.taxRatePercent)} %)`, formatUsd(invoice.taxMicros), false],
    [`Total (${invoice.currency})`, formatUsd(invoice.totalMicros), true],
  ];
  for (const [label, value, strong] of totals) {
    doc.font(strong ? "Helvetica-Bold" : "Helvetica").fontSize(strong ? 11 : 9).fillColor(INK);
    doc.text(label, right - 250, y, { width: 150, align: "right" });
    doc.text(value, right - 100, y, { width: 94, align: "right" });
    y += strong ? 18 : 14;
  }

  // Terms
  y += 14;
  doc.font("Helvetica-Bold").fontSize(9).fillColor(INK).text("Payment terms", left, y);
  const terms = [
    `Net ${invoice.paymentTermsDays}: payment is due by ${day(invoice.dueAt)}. Please quote invoice number ${invoice.number} with your payment.`,
    invoice.committedMonthlyMicros > 0
      ? `Committed monthly spend ${formatUsd(invoice.committedMonthlyMicros)}; usage this period ${formatUsd(invoice.usageMicros)}.`
      : null,
    "Amounts are computed in micro-dollars and rounded to the cent for display; the CSV export lists exact amounts. Usage is priced per token at the catalog price in force when each request was made (UTC).",
  ].filter(Boolean);
  doc.font("Helvetica").fontSize(8.5).fillColor(MUTED).text(terms.join("\n"), left, y + 13, { width, lineGap: 2 });

  // Page numbers on every page
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits in the bottom margin: no automatic new page
    doc.font("Helvetica").fontSize(8).fillColor(MUTED);
    doc.text(`${invoice.number} · Page ${i + 1} of ${range.count}`, left, doc.page.height - 40, { width, align: "center", lineBreak: false });
  }
  doc.end();
  return done;
}
