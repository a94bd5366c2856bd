import { EmailLayout, styles, type EmailTemplate } from "./layout";

export type KeyExpiryEmailProps = {
  organizationName: string;
  keyName: string;
  projectName: string;
  environment: string | null;
  /** ISO-8601 */
  expiresAt: string;
  /** 7 or 1 before expiry; null once the key has expired */
  daysBefore: number | null;
  keyUrl: string;
};

const UTC = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC", hourCycle: "h23" });
const at = (iso: string) => `${UTC.format(new Date(iso))} UTC`;

const headline = (p: KeyExpiryEmailProps) =>
  p.daysBefore === null ? `The key “${p.keyName}” has expired` : `The key “${p.keyName}” expires in ${p.daysBefore === 1 ? "1 day" : `${p.daysBefore} days`}`;

const consequence = (p: KeyExpiryEmailProps) =>
  p.daysBefore === null
    ? `It expired on ${at(p.expiresAt)}: calls with it are refused. Create a new key, or extend this one, to restore access.`
    : `It expires on ${at(p.expiresAt)}. After that, calls with it are refused: rotate it or extend its expiry before then.`;

const where = (p: KeyExpiryEmailProps) => `project ${p.projectName}${p.environment ? `, ${p.environment}` : ""}, in ${p.organizationName}`;

function KeyExpiryHtml(p: KeyExpiryEmailProps) {
  return (
    <EmailLayout preview={headline(p)}>
      <h1 style={styles.heading}>{headline(p)}</h1>
      <p style={styles.paragraph}>
        The key <strong>{p.keyName}</strong> ({where(p)}) is yours.
      </p>
      <p style={styles.paragraph}>{consequence(p)}</p>
      <p style={{ margin: "16px 0" }}>
        <a href={p.keyUrl} style={styles.button}>
          Open the key
        </a>
      </p>
      <p style={styles.muted}>You can turn key expiry notices off on the Notifications page of the console.</p>
    </EmailLayout>
  );
}

export const keyExpiryEmail: EmailTemplate<KeyExpiryEmailProps> = {
  subject: (p) => `${headline(p)} (${p.organizationName})`,
  Html: KeyExpiryHtml,
  text: (p) =>
    [
      `${headline(p)}.`,
      "",
      `The key ${p.keyName} (${where(p)}) is yours.`,
      consequence(p),
      "",
      `Open the key: ${p.keyUrl}`,
      "",
      "You can turn key expiry notices off on the Notifications page of the console.",
    ].join("\n"),
};
