import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { formatDate } from "@/components/ui/date-time";
import { PageHeader, Section } from "@/components/ui/section";
import { monthName } from "@/lib/billing/months";
import { formatUsd } from "@/lib/billing/money";
import { billingScreen } from "@/lib/billing/screen";
import { requirePage } from "@/lib/server/page";
import { PLANS } from "@/lib/orgs/plans";
import { CommitmentChart } from "./_components/commitment-chart";
import { ContactsEditor } from "./_components/contacts-editor";
import { InvoicesTable } from "./_components/invoices-table";
import { TermsForm } from "./_components/terms-form";

export const metadata: Metadata = { title: "Billing" };

const dollars = (micros: number) => String(micros / 1_000_000);
const DAY = 86_400_000;

export default async function BillingPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const access = await requirePage(orgSlug, "billing.read");
  if (!access.allowed) return access.screen;
  const { db, org, can } = access;
  const { now, view, seats, members, spend, invoices } = await billingScreen(db, org.id);
  const manage = can("billing.manage");
  const renewal = view.renewal;
  const reminderText = (daysBefore: number, sentAt: string | null) =>
    sentAt ? `${daysBefore}-day reminder sent ${formatDate(sentAt)}` : `${daysBefore}-day reminder on ${formatDate(new Date(Date.parse(`${renewal!.date}T00:00:00Z`) - daysBefore * DAY).toISOString())}`;

  const terms: [string, React.ReactNode][] = [
    ["Plan", <span key="plan" className="flex items-center gap-2">{view.plan.name} {!view.customTerms && <Badge>List prices</Badge>}</span>],
    ["Monthly base fee", formatUsd(view.baseFeeMicros)],
    ["Included seats", `${view.includedSeats.toLocaleString("en-US")} (${seats.toLocaleString("en-US")} member${seats === 1 ? "" : "s"} now)`],
    ["Price per extra seat", formatUsd(view.seatPriceMicros)],
    ["Committed monthly spend", view.committedMonthlyMicros > 0 ? formatUsd(view.committedMonthlyMicros) : "None"],
    ["Contract", view.contractStart ? `${formatDate(`${view.contractStart}T00:00:00Z`)}, ${view.termMonths} months` : `${view.termMonths} months`],
    [
      "Renewal date",
      renewal ? (
        <span key="renewal">
          {formatDate(`${renewal.date}T00:00:00Z`)}{" "}
          <Badge tone={renewal.daysLeft !== null && renewal.daysLeft <= 30 ? "warning" : "neutral"}>
            {renewal.daysLeft !== null && renewal.daysLeft >= 0 ? `${renewal.daysLeft} days left` : "passed"}
          </Badge>
          <span className="mt-0.5 block text-xs text-slate-600">{renewal.reminders.map((r) => reminderText(r.daysBefore, r.sentAt)).join(" · ")}</span>
        </span>
      ) : (
        "Not set"
      ),
    ],
    ["Tax rate", `${view.taxRatePercent} %`],
    ["Payment terms", `Net ${view.paymentTermsDays} (${view.currency})`],
    ["Billing owner", view.billingOwner ? `${view.billingOwner.name ?? view.billingOwner.email} (${view.billingOwner.email})` : "None: choose a member"],
  ];

  return (
    <>
      <PageHeader title="Billing">Plan, contract terms, spend against the commitment, and the invoices of {org.name}. Amounts in USD; months are UTC.</PageHeader>
      <div className="space-y-6">
        <Section title="Plan and terms" description={view.customTerms ? "The contract terms invoices are computed from." : "No contract terms yet: invoices use the plan's list prices."}>
          <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
            {terms.map(([label, value]) => (
              <div key={label}>
                <dt className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{label}</dt>
                <dd className="mt-0.5 text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        </Section>

        <Section title={`Spend in ${monthName(spend.month)}`} description="Month-to-date usage by project against the committed monthly spend, with the forecast at this month's pace.">
          <CommitmentChart spend={spend} monthLabel={monthName(spend.month)} />
        </Section>

        <Section title="Invoices" description="One per calendar month, issued when the month closes; open one for its lines, the PDF and the CSV.">
          <InvoicesTable orgSlug={org.slug} invoices={invoices} now={now} />
        </Section>

        <Section title="Renewal contacts" description="Addresses that receive invoices and renewal reminders with the billing owner; they need not be members.">
          {manage ? (
            <ContactsEditor orgSlug={org.slug} contacts={view.renewalContacts} />
          ) : view.renewalContacts.length ? (
            <ul className="list-disc pl-5">{view.renewalContacts.map((c) => <li key={c}>{c}</li>)}</ul>
          ) : (
            <p className="text-slate-600">None.</p>
          )}
        </Section>

        {manage && (
          <Section title="Edit terms" description="Changes apply to invoices of months closed from now on; a change of plan or prices is announced as billing.plan_changed.">
            <TermsForm
              orgSlug={org.slug}
              plans={Object.entries(PLANS).map(([value, p]) => ({ value, label: p.name }))}
              members={members}
              values={{
                plan: view.plan.id,
                baseFee: dollars(view.baseFeeMicros),
                includedSeats: view.includedSeats,
                seatPrice: dollars(view.seatPriceMicros),
                committed: dollars(view.committedMonthlyMicros),
                contractStart: view.contractStart,
                termMonths: view.termMonths,
                renewalDate: view.renewalDate,
                taxRatePercent: view.taxRatePercent,
                paymentTermsDays: view.paymentTermsDays,
                billingOwnerId: view.billingOwner?.userId ?? null,
              }}
            />
          </Section>
        )}
      </div>
    </>
  );
}
