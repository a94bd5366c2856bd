"use server";

import { contactsFormInput, termsFormInput } from "@/lib/billing/form";
import { updateTerms } from "@/lib/billing/terms";
import { orgAction } from "@/lib/server/action";

const pages = (orgSlug: string) => [`/${orgSlug}/billing`];

/** Plan, prices, contract dates, tax rate, payment terms and billing owner (dollars in the form, micro-dollars stored). */
export const updateTermsAction = orgAction({ input: termsFormInput, permission: "billing.manage", revalidate: pages }, async ({ tx, ctx, input }) => {
  const view = await updateTerms(tx, ctx, input);
  return { plan: view.plan.name };
});

/** The renewal contacts: the whole list, as edited. */
export const updateContactsAction = orgAction({ input: contactsFormInput, permission: "billing.manage", revalidate: pages }, async ({ tx, ctx, input }) => {
  const view = await updateTerms(tx, ctx, input);
  return { renewalContacts: view.renewalContacts };
});
