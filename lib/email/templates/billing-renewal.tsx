import { EmailLayout, styles, type EmailTemplate } from "./layout";

export type BillingRenewalEmailProps = {
  organizationName: string;
  planName: string;
  /** YYYY-MM-DD */
  renewalDate: string;
  daysLeft: number;
  billingUrl: string;
};

const summary = (p: BillingRenewalEmailProps) =>
  `The ${p.planName} contract of ${p.organizationName} renews on ${p.renewalDate}, in ${p.daysLeft} day${p.daysLeft === 1 ? "" : "s"}.`;

const next = "Review the plan, the committed spend and the renewal contacts on the Billing page before then.";
const why = "You get this reminder 30 and 7 days before the renewal date as the billing owner or a renewal contact.";

function BillingRenewalHtml(p: BillingRenewalEmailProps) {
  return (
    <EmailLayout preview={summary(p)}>
      <h1 style={styles.heading}>
        Renewal in {p.daysLeft} day{p.daysLeft === 1 ? "" : "s"}
      </h1>
      <p style={styles.paragraph}>{summary(p)}</p>
      <p style={styles.paragraph}>{next}</p>
      <p style={{ margin: "16px 0" }}>
        <a href={p.billingUrl} style={styles.button}>
          Open billing
        </a>
      </p>
      <p style={styles.muted}>{why}</p>
    </EmailLayout>
  );
}

export const billingRenewalEmail: EmailTemplate<BillingRenewalEmailProps> = {
  subject: (p) => `${p.organizationName}: ${p.planName} renews on ${p.renewalDate}`,
  Html: BillingRenewalHtml,
  text: (p) => [summary(p), "", next, `Open billing: ${p.billingUrl}`, "", why].join("\n"),
};
