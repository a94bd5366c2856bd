import { z } from "zod";
import { invoiceParams, invoiceStatusInput, listInvoicesQuery, updateTermsInput } from "@/lib/billing/schemas";
import { defineRoute } from "../spec";

const TAG = "Billing";

export const getBillingRoute = defineRoute({
  method: "GET",
  path: "/billing",
  summary: "The plan and contract terms (micro-dollars), billing owner, renewal contacts, renewal date and reminder state",
  tag: TAG,
  permission: "billing.read",
});

export const updateBillingRoute = defineRoute({
  method: "PATCH",
  path: "/billing",
  summary: "Change the plan, its prices, contract dates, tax rate (percent string), payment terms, billing owner (a member) or renewal contacts",
  tag: TAG,
  permission: "billing.manage",
  body: updateTermsInput,
});

export const listInvoicesRoute = defineRoute({
  method: "GET",
  path: "/invoices",
  summary: "Invoices, newest month first; filter by status and period (YYYY or YYYY-MM)",
  tag: TAG,
  permission: "billing.read",
  query: listInvoicesQuery,
});

export const getInvoiceRoute = defineRoute({
  method: "GET",
  path: "/invoices/{invoiceId}",
  summary: "An invoice with its line items (plan, seats, usage by project and model, commitment), amounts in micro-dollars",
  tag: TAG,
  permission: "billing.read",
  params: invoiceParams,
});

export const invoicePdfRoute = defineRoute({
  method: "GET",
  path: "/invoices/{invoiceId}/pdf",
  summary: "The invoice as a PDF document (application/pdf)",
  tag: TAG,
  permission: "billing.read",
  params: invoiceParams,
});

export const invoiceCsvRoute = defineRoute({
  method: "GET",
  path: "/invoices/{invoiceId}/csv",
  summary: "The invoice's line items as CSV (text/csv): dollars with cents and exact micro-dollars",
  tag: TAG,
  permission: "billing.read",
  params: invoiceParams,
});

export const invoiceStatusRoute = defineRoute({
  method: "POST",
  path: "/invoices/{invoiceId}/status",
  summary: "From the platform's payment system: mark an open invoice paid or void; refused transitions answer 409",
  tag: "Platform",
  permission: "platform",
  params: invoiceParams,
  body: invoiceStatusInput,
  response: z.object({ id: z.string(), status: z.enum(["draft", "open", "paid", "void"]) }).loose(),
});
