import { z } from "zod";
import { invoiceDownload } from "@/lib/billing/download";
import { invoiceIdFromPath } from "@/lib/billing/schemas";
import { consoleRoute } from "@/lib/server/console-route";

// GET /{orgSlug}/billing/invoices/{invoiceId}/pdf — the console's download (session cookie, organization from the URL)
export const GET = consoleRoute({ permission: "billing.read", query: z.object({}) }, ({ req, db, org }) =>
  invoiceDownload(db, org.id, invoiceIdFromPath(req.url), "pdf"),
);
