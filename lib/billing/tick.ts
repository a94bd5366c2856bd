import type { Db } from "@/db/client";
import { closeMonth, previousMonth } from "./close";
import { sweepOverdueInvoices, sweepRenewalReminders } from "./reminders";

/**
 * The background loop's billing work (every 5 minutes): close the month that just ended
 * (idempotent, so every tick after the first finds nothing to do), then send overdue notices
 * and renewal reminders that are due.
 */
export async function billingTick(db: Db, now = Date.now()) {
  const closed = await closeMonth(db, previousMonth(now), { now });
  const overdue = await sweepOverdueInvoices(db, new Date(now));
  const renewals = await sweepRenewalReminders(db, now);
  return { closed: closed.created.length, overdue, renewals };
}
