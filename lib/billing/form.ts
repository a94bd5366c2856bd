import { z } from "zod";
import { dollarsToMicros } from "./money";
import { updateTermsFields, type UpdateTermsInput } from "./schemas";

// The console's terms form: dollars typed by a person, converted to micro-dollars exactly.
const dollars = z
  .string()
  .trim()
  .refine((v) => dollarsToMicros(v) !== null, "must be an amount in dollars, e.g. 1250 or 19.99")
  .transform((v) => dollarsToMicros(v)!);
const optionalDay = z
  .string()
  .trim()
  .transform((v) => (v === "" ? null : v))
  .pipe(z.iso.date({ message: "must be a date (YYYY-MM-DD)" }).nullable());
const whole = (min: number, max: number) =>
  z.coerce.number({ message: "must be a whole number" }).int("must be a whole number").min(min, `must be ${min} to ${max}`).max(max, `must be ${min} to ${max}`);

export const termsFormInput = z
  .strictObject({
    plan: updateTermsFields.shape.plan.unwrap(),
    baseFee: dollars,
    includedSeats: whole(0, 1_000_000),
    seatPrice: dollars,
    committed: dollars,
    contractStart: optionalDay,
    termMonths: whole(1, 120),
    renewalDate: optionalDay,
    taxRatePercent: updateTermsFields.shape.taxRatePercent.unwrap(),
    paymentTermsDays: whole(0, 120),
    billingOwnerId: z.string().trim().min(1, "is required"),
  })
  .transform(
    ({ baseFee, seatPrice, committed, ...rest }): UpdateTermsInput => ({
      ...rest,
      baseFeeMicros: baseFee,
      seatPriceMicros: seatPrice,
      committedMonthlyMicros: committed,
    }),
  );

export const contactsFormInput = z.strictObject({ renewalContacts: updateTermsFields.shape.renewalContacts.unwrap() });
