import { billingInvoiceEmail } from "./billing-invoice";
import { billingRenewalEmail } from "./billing-renewal";
import { budgetAlertEmail } from "./budget-alert";
import { invitationEmail } from "./invitation";
import { keyExpiryEmail } from "./key-expiry";
import { organizationDeletedEmail } from "./organization-deleted";
import { securityAlertEmail } from "./security-alert";
import { webhookDisabledEmail } from "./webhook-disabled";

/** Every React email template, by the name the outbox stores. */
export const EMAIL_TEMPLATES = {
  "billing-invoice": billingInvoiceEmail,
  "billing-renewal": billingRenewalEmail,
  "budget-alert": budgetAlertEmail,
  invitation: invitationEmail,
  "key-expiry": keyExpiryEmail,
  "organization-deleted": organizationDeletedEmail,
  "security-alert": securityAlertEmail,
  "webhook-disabled": webhookDisabledEmail,
};

export type TemplateName = keyof typeof EMAIL_TEMPLATES;
export type TemplateProps<N extends TemplateName> = Parameters<(typeof EMAIL_TEMPLATES)[N]["text"]>[0];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(EMAIL_TEMPLATES, name);
}
