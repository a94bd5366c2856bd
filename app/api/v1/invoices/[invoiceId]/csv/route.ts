import { invoiceCsvRoute } from "@/lib/api/specs/billing";
import { invoiceDownload } from "@/lib/billing/download";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/invoices/{invoiceId}/csv — the invoice's line items as CSV
export const GET = apiRoute(invoiceCsvRoute, ({ db, ctx, params }) => invoiceDownload(db, ctx.principal.organizationId, params.invoiceId, "csv"));
