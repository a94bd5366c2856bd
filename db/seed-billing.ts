import { eq } from "drizzle-orm";
import { closeMonth, type ClosedInvoice } from "@/lib/billing/close";
import { setInvoiceStatus } from "@/lib/billing/invoices";
import type { Db } from "./client";
import { billingTerms, organizations } from "./schema";

const DAY = 86_400_000;

/**
 * The demo organization's contract and its last three months of invoices, so a newcomer sees
 * month end done: a customer since the first day of the month four months back, on
 * negotiated Enterprise terms, the oldest invoice paid, the others open.
 */
export async function seedDemoBilling(db: Db, organizationId: string, now = Date.now()) {
  const d = new Date(now);
  const month = (back: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1));
  const start = month(4);
  const renewal = new Date(Date.UTC(start.getUTCFullYear() + 1, start.getUTCMonth(), 1));
  const day = (t: Date) => t.toISOString().slice(0, 10);
  await db.update(organizations).set({ createdAt: start }).where(eq(organizations.id, organizationId));
  await db.insert(billingTerms).values({
    organizationId,
    baseFeeMicros: 4_000_000_000,
    includedSeats: 25,
    seatPriceMicros: 35_000_000,
    committedMonthlyMicros: 500_000_000,
    contractStart: day(start),
    termMonths: 12,
    renewalDate: day(renewal),
    taxRatePercent: "8.875",
    paymentTermsDays: 30,
    renewalContacts: ["ap@acme.test"],
  });
  const closed: ClosedInvoice[] = [];
  for (const back of [3, 2, 1]) {
    const m = day(month(back)).slice(0, 7);
    // issued on the first day after the month, as the background loop would have
    const issued = month(back - 1).getTime() + 5 * 60_000;
    closed.push(...(await closeMonth(db, m, { organizationId, now: Math.min(issued, now) })).created);
  }
  if (closed[0]) await db.transaction((tx) => setInvoiceStatus(tx, closed[0]!.invoiceId, "paid", new Date(Math.min(now, month(2).getTime() + 20 * DAY))));
  return closed;
}
