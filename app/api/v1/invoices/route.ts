import { listInvoicesRoute } from "@/lib/api/specs/billing";
import { listInvoices } from "@/lib/billing/invoices";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/invoices — the organization's invoices, filtered by status and period
export const GET = apiRoute(listInvoicesRoute, ({ db, ctx, query }) => listInvoices(db, ctx, query));
