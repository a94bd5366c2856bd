import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonClasses } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader, Section } from "@/components/ui/section";
import { formatRate, formatUsd } from "@/lib/billing/money";
import { monthName } from "@/lib/billing/months";
import { SELLER } from "@/lib/billing/pdf-seller";
import { invoiceScreen } from "@/lib/billing/screen";
import { requirePage } from "@/lib/server/page";
import { AppError } from "@/lib/core/errors";
import { InvoiceStatus } from "../../_components/invoice-status";

export const metadata: Metadata = { title: "Invoice" };

const int = (n: number | null) => (n === null ? "" : n.toLocaleString("en-US"));

export default async function InvoicePage({ params }: { params: Promise<{ orgSlug: string; invoiceId: string }> }) {
  const { orgSlug, invoiceId } = await params;
  const access = await requirePage(orgSlug, "billing.read");
  if (!access.allowed) return access.screen;
  const { db, org } = access;
  const found = await invoiceScreen(db, org.id, invoiceId).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const { invoice, lines, now } = found;
  const base = `/${org.slug}/billing/invoices/${invoice.id}`;
  const facts: [string, React.ReactNode][] = [
    ["Period", `${monthName(invoice.month)} (UTC)`],
    ["Issued", <DateTime key="i" value={invoice.issuedAt?.toISOString() ?? null} />],
    ["Due", <DateTime key="d" value={invoice.dueAt?.toISOString() ?? null} />],
    ["Paid", <DateTime key="p" value={invoice.paidAt?.toISOString() ?? null} fallback="Not paid" />],
    ["Payment terms", `Net ${invoice.paymentTermsDays}`],
    ["Seats", `${invoice.seats} member${invoice.seats === 1 ? "" : "s"}, ${invoice.includedSeats} included`],
  ];
  return (
    <>
      <p className="mb-2">
        <Link href={`/${org.slug}/billing`} className="font-medium text-indigo-700 hover:underline">
          ← Billing
        </Link>
      </p>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            Invoice {invoice.number} <InvoiceStatus status={invoice.status} dueAt={invoice.dueAt?.toISOString() ?? null} now={now} />
          </span>
        }
        actions={
          <>
            <a href={`${base}/pdf`} className={buttonClasses("primary")} download>
              Download PDF
            </a>
            <a href={`${base}/csv`} className={buttonClasses("secondary")} download>
              Download CSV
            </a>
          </>
        }
      >
        {monthName(invoice.month)} · total {formatUsd(invoice.totalMicros)} {invoice.currency}
      </PageHeader>
      <div className="space-y-6">
        <div className="grid gap-4 md:grid-cols-3">
          <Section title="From">
            <p className="whitespace-pre-line text-slate-800">{SELLER.join("\n")}</p>
          </Section>
          <Section title="Bill to">
            <p className="font-medium text-slate-900">{invoice.billTo.organizationName}</p>
            {invoice.billTo.billingOwnerEmail && (
              <p className="text-slate-800">
                {invoice.billTo.billingOwnerName ? `${invoice.billTo.billingOwnerName}, ` : ""}
                {invoice.billTo.billingOwnerEmail}
              </p>
            )}
            {invoice.billTo.contacts.length > 0 && <p className="text-slate-600">Cc: {invoice.billTo.contacts.join(", ")}</p>}
          </Section>
          <Section title="Details">
            <dl className="grid grid-cols-2 gap-x-3 gap-y-1">
              {facts.map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-slate-600">{label}</dt>
                  <dd className="text-slate-900">{value}</dd>
                </div>
              ))}
            </dl>
          </Section>
        </div>
        <Section title="Lines" description="Amounts are computed in micro-dollars and shown rounded to the cent; the CSV carries exact amounts.">
          <div className="overflow-x-auto">
            <table className="w-full text-left">
              <caption className="sr-only">Invoice {invoice.number} lines</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-700 uppercase">
                <tr>
                  <th scope="col" className="px-3 py-2">Description</th>
                  <th scope="col" className="px-3 py-2 text-right">Requests</th>
                  <th scope="col" className="px-3 py-2 text-right">Input tokens</th>
                  <th scope="col" className="px-3 py-2 text-right">Output tokens</th>
                  <th scope="col" className="px-3 py-2 text-right">Qty</th>
                  <th scope="col" className="px-3 py-2 text-right">Unit price</th>
                  <th scope="col" className="px-3 py-2 text-right">Amount</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {lines.map((l) => (
                  <tr key={l.position}>
                    <td className="px-3 py-1.5">{l.description}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{int(l.requests)}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{int(l.inputTokens)}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{int(l.outputTokens)}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{int(l.quantity)}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{formatUsd(l.unitPriceMicros)}</td>
                    <td className="px-3 py-1.5 text-right font-medium tabular-nums">{formatUsd(l.amountMicros)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot className="border-t border-slate-300">
                {[
                  ["Subtotal", invoice.subtotalMicros],
                  [`Tax (${formatRate(invoice.taxRatePercent)} %)`, invoice.taxMicros],
                  [`Total (${invoice.currency})`, invoice.totalMicros],
                ].map(([label, amount], i) => (
                  <tr key={String(label)} className={i === 2 ? "font-semibold text-slate-900" : ""}>
                    <th scope="row" colSpan={6} className="px-3 py-1.5 text-right font-medium">
                      {label}
                    </th>
                    <td className="px-3 py-1.5 text-right tabular-nums">{formatUsd(amount as number)}</td>
                  </tr>
                ))}
              </tfoot>
            </table>
          </div>
        </Section>
      </div>
    </>
  );
}
