import { and, eq, isNotNull, isNull, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { billingNotices, billingTerms, invoices, organizations } from "@/db/schema";
import { emitEvent } from "@/lib/audit/record";
import { queueEmail } from "@/lib/email/queue";
import { consoleUrl } from "@/lib/notifications/links";
import { planOf } from "@/lib/orgs/plans";
import { queueInvoiceEmails } from "./close";
import { billingRecipients } from "./recipients";
import { daysUntil, resolveTerms } from "./terms";

/**
 * Overdue notices: an open invoice past its due date gets one notice, claimed by an
 * UPDATE … RETURNING on `overdue_notice_at`, so concurrent workers never send it twice.
 */
export async function sweepOverdueInvoices(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(invoices)
      .set({ overdueNoticeAt: now })
      .where(and(eq(invoices.status, "open"), lt(invoices.dueAt, now), isNull(invoices.overdueNoticeAt)))
      .returning();
    for (const invoice of claimed) {
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, invoice.organizationId));
      if (!org) continue;
      const { terms } = await resolveTerms(tx, org.id, org.plan);
      await queueInvoiceEmails(tx, org, invoice, "overdue", terms.renewalContacts);
    }
    return claimed.length;
  });
}

/** Which reminder is due `daysLeft` days before renewal: the 30-day one (8 to 30 days), the 7-day one (0 to 7). */
export function reminderDue(daysLeft: number): 30 | 7 | null {
  if (daysLeft < 0) return null;
  if (daysLeft <= 7) return 7;
  if (daysLeft <= 30) return 30;
  return null;
}

/**
 * Renewal reminders, 30 and 7 days before the renewal date: each is a row of
 * billing_notices (organization, `renewal_30` | `renewal_7`, the renewal date), so it goes
 * once per renewal date; a new renewal date re-arms both. Only the nearer one is sent when
 * the date was set inside the 30-day window.
 */
export async function sweepRenewalReminders(db: Db, now = Date.now()): Promise<number> {
  const rows = await db
    .select({ organizationId: billingTerms.organizationId, renewalDate: billingTerms.renewalDate })
    .from(billingTerms)
    .where(isNotNull(billingTerms.renewalDate));
  let sent = 0;
  for (const row of rows) {
    const daysLeft = daysUntil(row.renewalDate!, now);
    const due = reminderDue(daysLeft);
    if (!due) continue;
    sent += await db.transaction(async (tx) => {
      const [notice] = await tx
        .insert(billingNotices)
        .values({ organizationId: row.organizationId, kind: `renewal_${due}`, periodKey: row.renewalDate! })
        .onConflictDoNothing()
        .returning();
      if (!notice) return 0;
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, row.organizationId));
      if (!org) return 0;
      const { terms } = await resolveTerms(tx, org.id, org.plan);
      await emitEvent(tx, org.id, "billing.renewal_upcoming", {
        plan: org.plan,
        renewalDate: row.renewalDate,
        renewsAt: `${row.renewalDate}T00:00:00.000Z`,
        daysBefore: due,
        daysLeft,
        termMonths: terms.termMonths,
        committedMonthlyMicros: terms.committedMonthlyMicros,
      });
      const props = { organizationName: org.name, planName: planOf(org.plan).name, renewalDate: row.renewalDate!, daysLeft, billingUrl: consoleUrl(`/${org.slug}/billing`) };
      for (const to of await billingRecipients(tx, org.id, terms.renewalContacts)) {
        await queueEmail(tx, { to, template: "billing-renewal", props, organizationId: org.id });
      }
      return 1;
    });
  }
  return sent;
}
