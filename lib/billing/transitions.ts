import type { InvoiceStatus } from "@/db/schema";

// Invoice statuses: draft → open → paid | void (a draft may also be voided). Paid and void
// are final. Asking for the status an invoice already has is answered as done (a retry).

const NEXT: Record<InvoiceStatus, InvoiceStatus[]> = { draft: ["open", "void"], open: ["paid", "void"], paid: [], void: [] };

const REFUSALS: Partial<Record<`${InvoiceStatus}>${InvoiceStatus}`, string>> = {
  "draft>paid": "is a draft: it has not been issued, so it cannot be paid",
  "paid>void": "is paid: a paid invoice cannot be voided (issue a credit instead)",
  "void>paid": "is void: a void invoice cannot be paid",
  "paid>open": "is paid and cannot be reopened",
  "void>open": "is void and cannot be reopened",
};

/** "ok", "same" (nothing to do), or the reason the transition is refused. */
export function checkTransition(from: InvoiceStatus, to: InvoiceStatus): { ok: true; same: boolean } | { ok: false; reason: string } {
  if (from === to) return { ok: true, same: true };
  if (NEXT[from].includes(to)) return { ok: true, same: false };
  return { ok: false, reason: REFUSALS[`${from}>${to}`] ?? `cannot go from ${from} to ${to}` };
}
