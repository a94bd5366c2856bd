import { and, asc, desc, eq, like, lt, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { invoiceLines, invoices, organizations, type Invoice, type InvoiceStatus } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import type { RequestContext } from "@/lib/core/context";
import { AppError, invalid } from "@/lib/core/errors";
import { formatRate } from "./money";
import { systemContext } from "./recipients";
import type { ListInvoicesQuery } from "./schemas";
import { checkTransition } from "./transitions";

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** An invoice as the API answers it (amounts in micro-dollars; lines only on the single read). */
export function invoiceView(i: Invoice) {
  return {
    id: i.id,
    number: i.number,
    organizationId: i.organizationId,
    month: i.month,
    periodStart: i.periodStart.toISOString(),
    periodEnd: i.periodEnd.toISOString(),
    status: i.status,
    currency: i.currency,
    subtotalMicros: i.subtotalMicros,
    taxRatePercent: formatRate(i.taxRatePercent),
    taxMicros: i.taxMicros,
    totalMicros: i.totalMicros,
    usageMicros: i.usageMicros,
    committedMonthlyMicros: i.committedMonthlyMicros,
    seats: i.seats,
    includedSeats: i.includedSeats,
    paymentTermsDays: i.paymentTermsDays,
    billTo: i.billTo,
    issuedAt: iso(i.issuedAt),
    dueAt: iso(i.dueAt),
    paidAt: iso(i.paidAt),
    voidedAt: iso(i.voidedAt),
    overdueNoticeAt: iso(i.overdueNoticeAt),
    createdAt: i.createdAt.toISOString(),
  };
}

export type InvoiceView = ReturnType<typeof invoiceView>;

/** What events carry: the invoice without the addresses it was sent to. */
export function invoiceEventData(i: Invoice) {
  const { billTo, overdueNoticeAt: _o, ...rest } = invoiceView(i);
  return { invoice: { ...rest, billTo: { organizationName: billTo.organizationName } } };
}

const encodeCursor = (month: string) => Buffer.from(month).toString("base64url");
function decodeCursor(cursor: string) {
  const month = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^\d{4}-\d{2}$/.test(month)) throw invalid("query.cursor", "is not a cursor from a previous answer");
  return month;
}

/** GET /invoices: newest month first, filtered by status and period (YYYY or YYYY-MM), by cursor. */
export async function listInvoices(db: Queryable, ctx: RequestContext, query: ListInvoicesQuery) {
  const rows = await db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.organizationId, ctx.principal.organizationId),
        query.status ? eq(invoices.status, query.status) : undefined,
        query.period ? like(invoices.month, `${query.period}%`) : undefined,
        query.cursor ? lt(invoices.month, decodeCursor(query.cursor)) : undefined,
      ),
    )
    .orderBy(desc(invoices.month))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { data: page.map(invoiceView), nextCursor: rows.length > query.limit ? encodeCursor(page.at(-1)!.month) : null };
}

/** One invoice of the caller's organization with its lines (another organization's: not found). */
export async function getInvoice(db: Queryable, organizationId: string, invoiceId: string) {
  const [invoice] = await db.select().from(invoices).where(and(eq(invoices.id, invoiceId), eq(invoices.organizationId, organizationId)));
  if (!invoice) throw new AppError("NOT_FOUND", "Invoice was not found.");
  const lines = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).orderBy(asc(invoiceLines.position));
  return { invoice, lines };
}

export type InvoiceWithLines = Awaited<ReturnType<typeof getInvoice>>;

export function invoiceDetailView({ invoice, lines }: InvoiceWithLines) {
  return {
    ...invoiceView(invoice),
    lines: lines.map(({ invoiceId: _i, ...l }) => l),
  };
}

const STATUS_EVENT = { paid: "billing.invoice.paid", void: "billing.invoice.voided" } as const;

/**
 * POST /invoices/{id}/status from the platform's payment system: open → paid or void (a
 * draft may be voided). The row is locked, so two calls at once apply one after the other;
 * the second asking for the same status changes nothing. Refused transitions are CONFLICT.
 */
export async function setInvoiceStatus(tx: Queryable, invoiceId: string, status: "paid" | "void", now = new Date()) {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for("update");
  if (!invoice) throw new AppError("NOT_FOUND", "Invoice was not found.");
  const check = checkTransition(invoice.status, status);
  if (!check.ok) throw new AppError("CONFLICT", `Invoice ${invoice.number} ${check.reason}.`);
  if (check.same) return invoiceView(invoice);
  const [updated] = await tx
    .update(invoices)
    .set(status === "paid" ? { status, paidAt: now } : { status, voidedAt: now })
    .where(eq(invoices.id, invoiceId))
    .returning();
  const ctx = systemContext(invoice.organizationId);
  await recordChange(tx, ctx, {
    action: STATUS_EVENT[status],
    target: { type: "invoice", id: invoice.id },
    changes: { status: { from: invoice.status, to: status } },
    event: { type: STATUS_EVENT[status], data: { ...invoiceEventData(updated!), previousStatus: invoice.status } },
  });
  return invoiceView(updated!);
}

/** Invoices of an organization with a status, for the console's counters. */
export async function invoiceCounts(db: Queryable, organizationId: string) {
  const rows = await db
    .select({ status: invoices.status, n: sql<number>`count(*)::int`, total: sql<string>`coalesce(sum(${invoices.totalMicros}), 0)::text` })
    .from(invoices)
    .where(eq(invoices.organizationId, organizationId))
    .groupBy(invoices.status);
  return Object.fromEntries(rows.map((r) => [r.status, { count: Number(r.n), totalMicros: Number(r.total) }])) as Partial<Record<InvoiceStatus, { count: number; totalMicros: number }>>;
}

export async function organizationOf(db: Queryable, organizationId: string) {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  return org ?? null;
}
