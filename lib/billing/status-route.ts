import { getDb } from "@/db/client";
import { platformRoute } from "@/lib/server/platform";
import { invoiceStatusInput } from "./schemas";
import { setInvoiceStatus } from "./invoices";

/** POST /invoices/{invoiceId}/status as a platform handler: platform token, JSON body, one transaction. */
export function invoiceStatusHandler(invoiceId: string) {
  return platformRoute(invoiceStatusInput, async (input) => {
    const db = await getDb();
    return db.transaction((tx) => setInvoiceStatus(tx, invoiceId, input.status));
  });
}
