import { and, eq, lt, notExists, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { invoiceLines, invoices, organizations, users, type Organization } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import { queueEmail } from "@/lib/email/queue";
import { consoleUrl } from "@/lib/notifications/links";
import { AppError } from "@/lib/core/errors";
import { invoiceLines as computeLines, memberCount, monthName, monthRange, monthUsage } from "./compute";
import { invoiceEventData } from "./invoices";
import { formatUsd } from "./money";
import { billingRecipients, systemContext } from "./recipients";
import { resolveTerms } from "./terms";

const DAY = 86_400_000;

export type ClosedInvoice = { invoiceId: string; number: string; organizationId: string; organizationSlug: string; totalMicros: number };

/** The calendar month (UTC) before the one `now` falls in: the month the loop closes. */
export function previousMonth(now = Date.now()): string {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

export const invoiceNumber = (slug: string, month: string) => `${slug.toUpperCase()}-${month}`;

/**
 * Closes a month: one invoice per organization that existed before the month ended and has
 * none for it yet. Idempotent: the unique (organization, month) key makes a re-run, or a
 * concurrent run, create nothing more. Each invoice is issued at once (`open`, due after the
 * payment terms) with its lines, audit entry, `billing.invoice.created` event and emails, in
 * one transaction per organization.
 */
export async function closeMonth(db: Db, month: string, opts: { organizationId?: string; now?: number } = {}) {
  const now = opts.now ?? Date.now();
  const { end } = monthRange(month);
  if (end.getTime() > now) {
    throw new AppError("CONFLICT", `The month ${month} has not ended yet (it ends ${end.toISOString()}).`);
  }
  const candidates = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(
      and(
        opts.organizationId ? eq(organizations.id, opts.organizationId) : undefined,
        lt(organizations.createdAt, end),
        notExists(db.select({ one: sql`1` }).from(invoices).where(and(eq(invoices.organizationId, organizations.id), eq(invoices.month, month)))),
      ),
    )
    .orderBy(organizations.id);
  const created: ClosedInvoice[] = [];
  for (const { id } of candidates) {
    const made = await db.transaction((tx) => closeOrganizationMonth(tx, id, month, now));
    if (made) created.push(made);
  }
  return { month, created };
}

async function closeOrganizationMonth(tx: Queryable, organizationId: string, month: string, now: number): Promise<ClosedInvoice | null> {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!org) return null;
  const { terms } = await resolveTerms(tx, org.id, org.plan);
  const [seats, usage, owner] = [await memberCount(tx, org.id), await monthUsage(tx, org.id, month), await billingOwner(tx, org)];
  const computed = computeLines(org.plan, terms, seats, usage);
  const { start, end } = monthRange(month);
  const issuedAt = new Date(now);
  const [invoice] = await tx
    .insert(invoices)
    .values({
      organizationId: org.id,
      number: invoiceNumber(org.slug, month),
      month,
      periodStart: start,
      periodEnd: end,
      status: "open",
      currency: terms.currency,
      subtotalMicros: computed.subtotalMicros,
      taxMicros: computed.taxMicros,
      totalMicros: computed.totalMicros,
      taxRatePercent: terms.taxRatePercent,
      seats,
      includedSeats: terms.includedSeats,
      committedMonthlyMicros: terms.committedMonthlyMicros,
      usageMicros: computed.usageMicros,
      paymentTermsDays: terms.paymentTermsDays,
      billTo: {
        organizationName: org.name,
        organizationSlug: org.slug,
        billingOwnerName: owner?.name ?? null,
        billingOwnerEmail: owner?.email ?? null,
        contacts: terms.renewalContacts,
      },
      issuedAt,
      dueAt: new Date(now + terms.paymentTermsDays * DAY),
    })
    .onConflictDoNothing({ target: [invoices.organizationId, invoices.month] })
    .returning();
  if (!invoice) return null; // closed meanwhile by another run
  await tx.insert(invoiceLines).values(computed.lines.map((l, position) => ({ ...l, invoiceId: invoice.id, position })));
  await recordChange(tx, systemContext(org.id), {
    action: "billing.invoice.created",
    target: { type: "invoice", id: invoice.id },
    changes: { number: invoice.number, month, totalMicros: invoice.totalMicros },
    event: { type: "billing.invoice.created", data: invoiceEventData(invoice) },
  });
  await queueInvoiceEmails(tx, org, invoice, "created", terms.renewalContacts);
  return { invoiceId: invoice.id, number: invoice.number, organizationId: org.id, organizationSlug: org.slug, totalMicros: invoice.totalMicros };
}

async function billingOwner(tx: Queryable, org: Organization) {
  if (!org.billingOwnerId) return null;
  const [u] = await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, org.billingOwnerId));
  return u ?? null;
}

/** Queues the "billing-invoice" email to the billing owner and renewal contacts, in the caller's transaction. */
export async function queueInvoiceEmails(
  tx: Queryable,
  org: Pick<Organization, "id" | "name" | "slug">,
  invoice: { id: string; number: string; month: string; totalMicros: number; dueAt: Date | null },
  kind: "created" | "overdue",
  contacts: readonly string[],
) {
  const props = {
    kind,
    organizationName: org.name,
    number: invoice.number,
    monthName: monthName(invoice.month),
    total: formatUsd(invoice.totalMicros),
    dueDate: invoice.dueAt?.toISOString().slice(0, 10) ?? "",
    invoiceUrl: consoleUrl(`/${org.slug}/billing/invoices/${invoice.id}`),
  };
  for (const to of await billingRecipients(tx, org.id, contacts)) {
    await queueEmail(tx, { to, template: "billing-invoice", props, organizationId: org.id });
  }
}
