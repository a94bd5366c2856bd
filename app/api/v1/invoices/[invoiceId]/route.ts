import { getInvoiceRoute } from "@/lib/api/specs/billing";
import { getInvoice, invoiceDetailView } from "@/lib/billing/invoices";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/invoices/{invoiceId} — an invoice with its line items
export const GET = apiRoute(getInvoiceRoute, async ({ db, ctx, params }) =>
  invoiceDetailView(await getInvoice(db, ctx.principal.organizationId, params.invoiceId)),
);
