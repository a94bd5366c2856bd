import { EmailLayout, styles, type EmailTemplate } from "./layout";

export type BillingInvoiceEmailProps = {
  /** "created": a new invoice was issued; "overdue": it is past its due date and unpaid */
  kind: "created" | "overdue";
  organizationName: string;
  number: string;
  /** e.g. "October 2026" */
  monthName: string;
  total: string;
  /** YYYY-MM-DD */
  dueDate: string;
  invoiceUrl: string;
};

const summary = (p: BillingInvoiceEmailProps) =>
  p.kind === "created"
    ? `Invoice ${p.number} for ${p.organizationName}, ${p.monthName}, is issued: ${p.total}, due on ${p.dueDate}.`
    : `Invoice ${p.number} for ${p.organizationName}, ${p.monthName}, is overdue: ${p.total} was due on ${p.dueDate} and has not been paid.`;

const why = "You get this email as the organization's billing owner or one of its renewal contacts.";

function BillingInvoiceHtml(p: BillingInvoiceEmailProps) {
  return (
    <EmailLayout preview={summary(p)}>
      <h1 style={styles.heading}>{p.kind === "created" ? `Invoice ${p.number} is issued` : `Invoice ${p.number} is overdue`}</h1>
      <p style={styles.paragraph}>{summary(p)}</p>
      <p style={{ margin: "16px 0" }}>
        <a href={p.invoiceUrl} style={styles.button}>
          Open the invoice
        </a>
      </p>
      <p style={styles.muted}>{why} The PDF and a CSV of its lines can be downloaded from the invoice page.</p>
    </EmailLayout>
  );
}

export const billingInvoiceEmail: EmailTemplate<BillingInvoiceEmailProps> = {
  subject: (p) => (p.kind === "created" ? `Invoice ${p.number} (${p.monthName}): ${p.total}` : `Overdue: invoice ${p.number} (${p.total})`),
  Html: BillingInvoiceHtml,
  text: (p) => [summary(p), "", `Open the invoice: ${p.invoiceUrl}`, "", why].join("\n"),
};
