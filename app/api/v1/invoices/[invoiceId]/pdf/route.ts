import { invoicePdfRoute } from "@/lib/api/specs/billing";
import { invoiceDownload } from "@/lib/billing/download";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/invoices/{invoiceId}/pdf — the invoice as a PDF
export const GET = apiRoute(invoicePdfRoute, ({ db, ctx, params }) => invoiceDownload(db, ctx.principal.organizationId, params.invoiceId, "pdf"));
