import { z } from "zod";
import { emailSchema } from "@/lib/members/schemas";
import { PLANS } from "@/lib/orgs/plans";
import { rateUnits } from "./money";

export const PLAN_IDS = Object.keys(PLANS) as (keyof typeof PLANS)[];
export const INVOICE_STATUSES = ["draft", "open", "paid", "void"] as const;

const micros = (what: string) =>
  z.number({ message: `must be a number of micro-dollars (${what})` }).int("must be a whole number of micro-dollars").min(0, "must be 0 or more").max(1e15, "is too large");
const day = z.iso.date({ message: "must be a date (YYYY-MM-DD)" });

export const updateTermsFields = z.strictObject({
  plan: z.enum(PLAN_IDS, { message: `must be one of ${PLAN_IDS.join(", ")}` }).optional(),
  baseFeeMicros: micros("monthly base fee").optional(),
  includedSeats: z.number().int("must be a whole number").min(0, "must be 0 or more").max(1_000_000, "must be at most 1,000,000").optional(),
  seatPriceMicros: micros("price per extra seat").optional(),
  committedMonthlyMicros: micros("committed monthly spend").optional(),
  contractStart: day.nullable().optional(),
  termMonths: z.number().int("must be a whole number of months").min(1, "must be 1 to 120").max(120, "must be 1 to 120").optional(),
  renewalDate: day.nullable().optional(),
  taxRatePercent: z
    .string()
    .trim()
    .refine((v) => rateUnits(v) !== null, "must be a percentage from 0 to 100 with at most 4 decimals, e.g. \"8.875\"")
    .optional(),
  paymentTermsDays: z.number().int("must be a whole number of days").min(0, "must be 0 to 120").max(120, "must be 0 to 120").optional(),
  renewalContacts: z
    .array(emailSchema)
    .max(20, "must have at most 20 addresses")
    .transform((list) => [...new Set(list)])
    .optional(),
  billingOwnerId: z.string().trim().min(1, "is required").max(100).optional(),
});

export const updateTermsInput = updateTermsFields.refine((v) => Object.keys(v).length > 0, "must change at least one field");
export type UpdateTermsInput = z.infer<typeof updateTermsFields>;

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month, YYYY-MM");

const limit = z.coerce.number().int().min(1, "must be 1 to 100").max(100, "must be 1 to 100").default(20);

export const listInvoicesQuery = z.strictObject({
  status: z.enum(INVOICE_STATUSES, { message: `must be one of ${INVOICE_STATUSES.join(", ")}` }).optional(),
  /** a year (YYYY) or a month (YYYY-MM) */
  period: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, "must be a year (YYYY) or a month (YYYY-MM)").optional(),
  limit,
  cursor: z.string().max(200).optional(),
});
export type ListInvoicesQuery = z.infer<typeof listInvoicesQuery>;

export const invoiceParams = z.object({ invoiceId: z.string().min(1).max(100) });

export const invoiceStatusInput = z.strictObject({
  status: z.enum(["paid", "void"], { message: "must be paid or void" }),
});

/** The invoice id of a console download path, `/{org}/billing/invoices/{invoiceId}/{pdf|csv}`. */
export function invoiceIdFromPath(url: string): string {
  const parts = new URL(url).pathname.split("/");
  return decodeURIComponent(parts.at(-2) ?? "");
}
