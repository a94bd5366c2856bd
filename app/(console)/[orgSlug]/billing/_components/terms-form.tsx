"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { updateTermsAction } from "../actions";

const FIELDS = ["plan", "baseFee", "includedSeats", "seatPrice", "committed", "contractStart", "termMonths", "renewalDate", "taxRatePercent", "paymentTermsDays", "billingOwnerId"] as const;

export type TermsFormValues = {
  plan: string;
  baseFee: string;
  includedSeats: number;
  seatPrice: string;
  committed: string;
  contractStart: string | null;
  termMonths: number;
  renewalDate: string | null;
  taxRatePercent: string;
  paymentTermsDays: number;
  billingOwnerId: string | null;
};

type Props = {
  orgSlug: string;
  values: TermsFormValues;
  plans: { value: string; label: string }[];
  members: { userId: string; email: string; name: string | null }[];
};

/** The contract terms, in dollars (stored exactly as micro-dollars). */
export function TermsForm({ orgSlug, values, plans, members }: Props) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(FIELDS);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = Object.fromEntries(FIELDS.map((f) => [f, String(data.get(f) ?? "")]));
    run(() => updateTermsAction(orgSlug, input), (r) => `Terms saved (${r.plan} plan).`);
  }

  const owners = [
    ...(values.billingOwnerId ? [] : [{ value: "", label: "No billing owner: choose a member" }]),
    ...members.map((m) => ({ value: m.userId, label: m.name ? `${m.name} (${m.email})` : m.email })),
  ];
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <Select label="Plan" name="plan" defaultValue={values.plan} options={plans} error={errors.plan} hint="Sets the features the organization has." />
        <Field label="Monthly base fee (USD)" name="baseFee" inputMode="decimal" defaultValue={values.baseFee} error={errors.baseFee} />
        <Field label="Included seats" name="includedSeats" type="number" min={0} defaultValue={values.includedSeats} error={errors.includedSeats} />
        <Field label="Price per extra seat (USD)" name="seatPrice" inputMode="decimal" defaultValue={values.seatPrice} error={errors.seatPrice} />
        <Field
          label="Committed monthly spend (USD)"
          name="committed"
          inputMode="decimal"
          defaultValue={values.committed}
          error={errors.committed}
          hint="Usage below it is billed as a shortfall; 0 for none."
        />
        <Field label="Tax rate (%)" name="taxRatePercent" inputMode="decimal" defaultValue={values.taxRatePercent} error={errors.taxRatePercent} hint="Up to 4 decimals, e.g. 8.875." />
        <Field label="Contract start" name="contractStart" type="date" defaultValue={values.contractStart ?? ""} error={errors.contractStart} />
        <Field label="Contract term (months)" name="termMonths" type="number" min={1} max={120} defaultValue={values.termMonths} error={errors.termMonths} />
        <Field label="Renewal date" name="renewalDate" type="date" defaultValue={values.renewalDate ?? ""} error={errors.renewalDate} hint="Reminders go out 30 and 7 days before." />
        <Field label="Payment terms (days)" name="paymentTermsDays" type="number" min={0} max={120} defaultValue={values.paymentTermsDays} error={errors.paymentTermsDays} />
        <Select label="Billing owner" name="billingOwnerId" defaultValue={values.billingOwnerId ?? ""} options={owners} error={errors.billingOwnerId} hint="A member; receives invoices and reminders." />
      </div>
      <StatusMessage error={formError}>{message}</StatusMessage>
      <Button type="submit" disabled={pending}>
        Save terms
      </Button>
    </form>
  );
}
