import { EmailLayout, styles, type EmailTemplate } from "./layout";

export type SecurityAlertEmailProps = {
  organizationName: string;
  /** what happened, one sentence */
  summary: string;
  /** the event type, e.g. security.admin_key.created */
  eventType: string;
  /** label → value lines of the change */
  details: { label: string; value: string }[];
  /** ISO-8601 */
  occurredAt: string;
  consoleUrl: string;
};

const UTC = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC", hourCycle: "h23" });
const at = (iso: string) => `${UTC.format(new Date(iso))} UTC`;

function SecurityAlertHtml(p: SecurityAlertEmailProps) {
  return (
    <EmailLayout preview={p.summary}>
      <h1 style={styles.heading}>Security change in {p.organizationName}</h1>
      <p style={styles.paragraph}>{p.summary}</p>
      {p.details.length > 0 && (
        <table style={{ margin: "0 0 12px", borderCollapse: "collapse" }}>
          <tbody>
            {p.details.map((d) => (
              <tr key={d.label}>
                <th scope="row" style={{ padding: "2px 12px 2px 0", textAlign: "left", fontWeight: 600 }}>
                  {d.label}
                </th>
                <td style={{ padding: "2px 0" }}>{d.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p style={styles.paragraph}>
        When: {at(p.occurredAt)} ({p.eventType})
      </p>
      <p style={{ margin: "16px 0" }}>
        <a href={p.consoleUrl} style={styles.button}>
          Review in the console
        </a>
      </p>
      <p style={styles.muted}>
        Owners and security owners receive every security alert. If you did not expect this change, check the audit log.
      </p>
    </EmailLayout>
  );
}

export const securityAlertEmail: EmailTemplate<SecurityAlertEmailProps> = {
  subject: (p) => `Security alert for ${p.organizationName}: ${p.summary}`,
  Html: SecurityAlertHtml,
  text: (p) =>
    [
      `Security change in ${p.organizationName}`,
      "",
      p.summary,
      ...p.details.map((d) => `${d.label}: ${d.value}`),
      `When: ${at(p.occurredAt)} (${p.eventType})`,
      "",
      `Review in the console: ${p.consoleUrl}`,
      "",
      "Owners and security owners receive every security alert. If you did not expect this change, check the audit log.",
    ].join("\n"),
};
