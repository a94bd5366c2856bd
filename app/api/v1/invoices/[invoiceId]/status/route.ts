import { invoiceStatusHandler } from "@/lib/billing/status-route";
import { platformRouteHandler } from "@/lib/server/platform";

type Context = { params: Promise<{ invoiceId: string }> };

// POST /api/v1/invoices/{invoiceId}/status — the platform marks an invoice paid or void
export async function POST(req: Request, { params }: Context) {
  const { invoiceId } = await params;
  return platformRouteHandler(invoiceStatusHandler(invoiceId))(req);
}
