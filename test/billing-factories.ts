import { eq, sql } from "drizzle-orm";
import * as billingRoute from "@/app/api/v1/billing/route";
import * as invoiceCsv from "@/app/api/v1/invoices/[invoiceId]/csv/route";
import * as invoicePdf from "@/app/api/v1/invoices/[invoiceId]/pdf/route";
import * as invoiceRoute from "@/app/api/v1/invoices/[invoiceId]/route";
import * as invoiceStatus from "@/app/api/v1/invoices/[invoiceId]/status/route";
import * as invoicesRoute from "@/app/api/v1/invoices/route";
import { getDb } from "@/db/client";
import { emailOutbox, organizations } from "@/db/schema";
import { closeMonth } from "@/lib/billing/close";
import { monthRange } from "@/lib/billing/compute";
import { apiRequest, call, createOrg, type HeaderMap } from "./factories";
import { PLATFORM } from "./key-factories";

// Helpers for billing: months, closing them for one organization, and the billing routes.

/** The current UTC month, 'YYYY-MM'. */
export const thisMonth = (now = Date.now()) => new Date(now).toISOString().slice(0, 7);

/** An instant just after the month ends: closing "as of" then. */
export const afterMonth = (month: string) => monthRange(month).end.getTime() + 3_600_000;

/** Makes the organization look older, so months before today can be closed for it. */
export async function backdateOrganization(organizationId: string, to = new Date("2020-01-01T00:00:00Z")) {
  const db = await getDb();
  await db.update(organizations).set({ createdAt: to }).where(eq(organizations.id, organizationId));
}

/** Closes `month` for this organization only (other test files' organizations are left alone). */
export async function closeFor(organizationId: string, month: string, now = afterMonth(month)) {
  return closeMonth(await getDb(), month, { organizationId, now });
}

/** An invoice for a past month of a (backdated) organization. */
export async function createTestInvoice(organizationId: string, month = "2021-03") {
  await backdateOrganization(organizationId);
  const { created } = await closeFor(organizationId, month);
  return created[0]!;
}

export const getBilling = (headers: HeaderMap) => call(billingRoute.GET, apiRequest("GET", "/billing", { headers }));
export const patchBilling = (body: unknown, headers: HeaderMap) => call(billingRoute.PATCH, apiRequest("PATCH", "/billing", { headers, body }));
export const listInvoicesApi = (query: Record<string, string>, headers: HeaderMap) =>
  call(invoicesRoute.GET, apiRequest("GET", `/invoices?${new URLSearchParams(query)}`, { headers }));
export const getInvoiceApi = (invoiceId: string, headers: HeaderMap) =>
  call(invoiceRoute.GET, apiRequest("GET", `/invoices/${invoiceId}`, { headers }), { invoiceId });

/** A download route's raw answer (PDF or CSV). */
export async function downloadInvoice(invoiceId: string, format: "pdf" | "csv", headers: HeaderMap) {
  const handler = format === "pdf" ? invoicePdf.GET : invoiceCsv.GET;
  const res = await handler(apiRequest("GET", `/invoices/${invoiceId}/${format}`, { headers }), { params: Promise.resolve({ invoiceId }) });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** POST /invoices/{id}/status as the platform. */
export const setStatusApi = (invoiceId: string, body: unknown, headers: HeaderMap = PLATFORM) =>
  call(invoiceStatus.POST as never, apiRequest("POST", `/invoices/${invoiceId}/status`, { headers, body }), { invoiceId });

/** Emails queued for the organization with a template, newest last. */
export async function billingEmails(organizationId: string, template: "billing-invoice" | "billing-renewal") {
  const db = await getDb();
  const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.organizationId, organizationId)).orderBy(sql`created_at`);
  return rows.filter((r) => r.template === template);
}

let shared: Promise<string> | null = null;
/** One open invoice of a new organization, made once per test file (the platform route's security case). */
export function sharedOpenInvoice(): Promise<string> {
  shared ??= createOrg().then(async (fx) => (await createTestInvoice(fx.org.id)).invoiceId);
  return shared;
}
