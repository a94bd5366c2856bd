import type { InvoiceWithLines } from "./invoices";
import { dollarsForCsv } from "./money";

// One row per line item: dollars with cents for people, exact micro-dollars for machines.
export const INVOICE_CSV_HEADER = [
  "invoice_number",
  "month",
  "position",
  "kind",
  "description",
  "project_id",
  "model",
  "requests",
  "input_tokens",
  "output_tokens",
  "quantity",
  "unit_price_usd",
  "amount_usd",
  "unit_price_micros",
  "amount_micros",
];

function cell(value: string | number | null): string {
  if (value === null) return "";
  const s = String(value);
  // quote when needed; a leading formula character is neutralised for spreadsheets
  const safe = /^[=+\-@\t\r]/.test(s) && typeof value === "string" ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function invoiceCsv({ invoice, lines }: InvoiceWithLines): string {
  const rows = lines.map((l) =>
    [
      invoice.number,
      invoice.month,
      l.position + 1,
      l.kind,
      l.description,
      l.projectId,
      l.model,
      l.requests,
      l.inputTokens,
      l.outputTokens,
      l.quantity,
      dollarsForCsv(l.unitPriceMicros),
      dollarsForCsv(l.amountMicros),
      l.unitPriceMicros,
      l.amountMicros,
    ].map(cell),
  );
  return [INVOICE_CSV_HEADER, ...rows].map((r) => r.join(",")).join("\r\n") + "\r\n";
}
