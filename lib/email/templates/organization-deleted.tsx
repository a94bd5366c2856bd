import { EmailLayout, styles, type EmailTemplate } from "./layout";

export type OrganizationDeletedEmailProps = {
  organizationName: string;
  organizationSlug: string;
  /** who deleted it: an email address or "admin key …" */
  deletedBy: string;
  /** ISO-8601 */
  deletedAt: string;
  /** the console's home: it takes the reader to their next organization */
  consoleUrl: string;
};

const UTC = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC", hourCycle: "h23" });
const at = (iso: string) => `${UTC.format(new Date(iso))} UTC`;

const summary = (p: OrganizationDeletedEmailProps) =>
  `${p.organizationName} (${p.organizationSlug}) was deleted by ${p.deletedBy} at ${at(p.deletedAt)}.`;

const WHAT_WENT =
  "Its projects, API keys (they stopped verifying at once), usage, invoices, audit log, webhook endpoints, SSO connections and memberships were deleted with it. This cannot be undone.";

const WHY = "You receive this because you were an owner or admin of the organization. If you did not expect it, contact the person who deleted it.";

function OrganizationDeletedHtml(p: OrganizationDeletedEmailProps) {
  return (
    <EmailLayout preview={summary(p)}>
      <h1 style={styles.heading}>{p.organizationName} was deleted</h1>
      <p style={styles.paragraph}>{summary(p)}</p>
      <p style={styles.paragraph}>{WHAT_WENT}</p>
      <p style={{ margin: "16px 0" }}>
        <a href={p.consoleUrl} style={styles.button}>
          Open the console
        </a>
      </p>
      <p style={styles.muted}>{WHY}</p>
    </EmailLayout>
  );
}

export const organizationDeletedEmail: EmailTemplate<OrganizationDeletedEmailProps> = {
  subject: (p) => `${p.organizationName} was deleted`,
  Html: OrganizationDeletedHtml,
  text: (p) => [summary(p), "", WHAT_WENT, "", `Open the console: ${p.consoleUrl}`, "", WHY].join("\n"),
};
