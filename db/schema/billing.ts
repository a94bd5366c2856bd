import { bigint, date, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, text, unique } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, idColumn, tz, updatedAt } from "./columns";
import { organizations } from "./organizations";

// Billing and finance (docs/architecture.md, "Billing and finance"). Every amount is an
// integer number of micro-dollars (1 USD = 1,000,000); only the display rounds to cents.

const micros = () => bigint({ mode: "number" });

/**
 * An organization's contract terms. The feature plan stays `organizations.plan` and the
 * billing owner `organizations.billingOwnerId`. No row means the plan's defaults
 * (lib/billing/terms.ts).
 */
export const billingTerms = pgTable("billing_terms", {
  organizationId: text()
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  baseFeeMicros: micros().notNull().default(0),
  includedSeats: integer().notNull().default(0),
  seatPriceMicros: micros().notNull().default(0),
  /** committed monthly spend on usage; 0 means no commitment */
  committedMonthlyMicros: micros().notNull().default(0),
  contractStart: date({ mode: "string" }),
  termMonths: integer().notNull().default(12),
  /** the day the contract renews (or ends); reminders go out 30 and 7 days before */
  renewalDate: date({ mode: "string" }),
  /** tax rate as a decimal percentage string with up to 4 decimals: "8.8750" means 8.875 % */
  taxRatePercent: numeric({ precision: 7, scale: 4 }).notNull().default("0"),
  currency: text().notNull().default("USD"),
  paymentTermsDays: integer().notNull().default(30),
  /** extra addresses that receive invoices and renewal reminders */
  renewalContacts: text().array().notNull().default([]),
  updatedById: text().references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const invoiceStatus = pgEnum("invoice_status", ["draft", "open", "paid", "void"]);

/** Who the invoice was addressed to at close: later renames do not rewrite issued invoices. */
export interface InvoiceBillTo {
  organizationName: string;
  organizationSlug: string;
  billingOwnerName: string | null;
  billingOwnerEmail: string | null;
  contacts: string[];
}

/** One invoice per organization and calendar month (UTC). */
export const invoices = pgTable(
  "invoices",
  {
    id: idColumn("invoice"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** human number, e.g. ACME-2026-10 */
    number: text().notNull(),
    /** 'YYYY-MM' */
    month: text().notNull(),
    periodStart: tz().notNull(),
    /** exclusive: the first instant of the next month */
    periodEnd: tz().notNull(),
    status: invoiceStatus().notNull().default("draft"),
    currency: text().notNull().default("USD"),
    subtotalMicros: micros().notNull(),
    taxMicros: micros().notNull(),
    totalMicros: micros().notNull(),
    /** the terms' tax rate when the invoice was computed */
    taxRatePercent: numeric({ precision: 7, scale: 4 }).notNull(),
    /** snapshot of the terms used */
    seats: integer().notNull(),
    includedSeats: integer().notNull(),
    committedMonthlyMicros: micros().notNull(),
    usageMicros: micros().notNull(),
    paymentTermsDays: integer().notNull(),
    billTo: jsonb().$type<InvoiceBillTo>().notNull(),
    issuedAt: tz(),
    dueAt: tz(),
    paidAt: tz(),
    voidedAt: tz(),
    overdueNoticeAt: tz(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique().on(t.organizationId, t.month), index().on(t.status, t.dueAt)],
);

export type InvoiceLineKind = "plan" | "seats" | "usage" | "commitment";

export const invoiceLines = pgTable(
  "invoice_lines",
  {
    invoiceId: text()
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    kind: text().$type<InvoiceLineKind>().notNull(),
    description: text().notNull(),
    /** usage lines: the project (its name is kept in the description) and model */
    projectId: text(),
    model: text(),
    requests: micros(),
    inputTokens: micros(),
    outputTokens: micros(),
    quantity: micros().notNull(),
    unitPriceMicros: micros().notNull(),
    amountMicros: micros().notNull(),
  },
  (t) => [primaryKey({ columns: [t.invoiceId, t.position] })],
);

/** Once-only reminders: one row per organization, kind and period (e.g. renewal_30 / 2027-01-01). */
export const billingNotices = pgTable(
  "billing_notices",
  {
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    periodKey: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.kind, t.periodKey] })],
);

export type BillingTerms = typeof billingTerms.$inferSelect;
export type Invoice = typeof invoices.$inferSelect;
export type InvoiceLine = typeof invoiceLines.$inferSelect;
export type InvoiceStatus = (typeof invoiceStatus.enumValues)[number];
