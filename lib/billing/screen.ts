import { asc, desc, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { invoices, memberships, users } from "@/db/schema";
import { memberCount } from "./compute";
import { getInvoice, invoiceView } from "./invoices";
import { monthToDate } from "./spend";
import { billingView } from "./terms";

/** Everything the Billing page renders, read on the server. */
export async function billingScreen(db: Queryable, organizationId: string, now = Date.now()) {
  const view = await billingView(db, organizationId, now);
  const [seats, members, spend, rows] = await Promise.all([
    memberCount(db, organizationId),
    db
      .select({ userId: users.id, email: users.email, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.organizationId, organizationId))
      .orderBy(asc(users.email)),
    monthToDate(db, organizationId, view.committedMonthlyMicros, now),
    db.select().from(invoices).where(eq(invoices.organizationId, organizationId)).orderBy(desc(invoices.month)).limit(240),
  ]);
  return { now, view, seats, members, spend, invoices: rows.map(invoiceView) };
}

/** An invoice page: the invoice, its lines, and the time it was read (for "overdue"). */
export async function invoiceScreen(db: Queryable, organizationId: string, invoiceId: string, now = Date.now()) {
  return { ...(await getInvoice(db, organizationId, invoiceId)), now };
}
