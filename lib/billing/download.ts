import type { Queryable } from "@/db/client";
import { invoiceCsv } from "./csv";
import { getInvoice } from "./invoices";
import { renderInvoicePdf } from "./pdf";

/** An invoice as a file download (PDF or CSV), named after its number. */
export async function invoiceDownload(db: Queryable, organizationId: string, invoiceId: string, format: "pdf" | "csv"): Promise<Response> {
  const invoice = await getInvoice(db, organizationId, invoiceId);
  const name = `invoice-${invoice.invoice.number}.${format}`;
  const headers = { "content-disposition": `attachment; filename="${name}"`, "cache-control": "private, no-store" };
  if (format === "csv") return new Response(invoiceCsv(invoice), { headers: { ...headers, "content-type": "text/csv; charset=utf-8" } });
  const pdf = await renderInvoicePdf(invoice);
  return new Response(new Uint8Array(pdf), { headers: { ...headers, "content-type": "application/pdf", "content-length": String(pdf.byteLength) } });
}
