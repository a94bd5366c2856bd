import { EmailLayout, styles, type EmailTemplate } from "./layout";

export type WebhookDisabledEmailProps = {
  organizationName: string;
  endpointUrl: string;
  /** gone: answered 410; failing: only failures for 5 days */
  reason: "gone" | "failing";
  /** ISO-8601: when the failures began (failing) */
  failingSince: string | null;
  endpointUrlInConsole: string;
};

const UTC = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC", hourCycle: "h23" });

const why = (p: WebhookDisabledEmailProps) =>
  p.reason === "gone"
    ? "It answered 410 Gone, which tells senders to stop."
    : `Every delivery to it has failed since ${p.failingSince ? `${UTC.format(new Date(p.failingSince))} UTC` : "five days ago"}.`;

const NEXT =
  "No more events are sent to it, and its pending deliveries were marked failed. Once it works again, enable it in the console and replay the failed deliveries.";

function WebhookDisabledHtml(p: WebhookDisabledEmailProps) {
  return (
    <EmailLayout preview={`Webhook endpoint disabled: ${p.endpointUrl}`}>
      <h1 style={styles.heading}>A webhook endpoint was disabled</h1>
      <p style={styles.paragraph}>
        The endpoint <strong style={{ wordBreak: "break-all" }}>{p.endpointUrl}</strong> of {p.organizationName} was disabled. {why(p)}
      </p>
      <p style={styles.paragraph}>{NEXT}</p>
      <p style={{ margin: "16px 0" }}>
        <a href={p.endpointUrlInConsole} style={styles.button}>
          Open the endpoint
        </a>
      </p>
      <p style={styles.muted}>You can turn these notices off on the Notifications page of the console.</p>
    </EmailLayout>
  );
}

export const webhookDisabledEmail: EmailTemplate<WebhookDisabledEmailProps> = {
  subject: (p) => `Webhook endpoint disabled in ${p.organizationName}`,
  Html: WebhookDisabledHtml,
  text: (p) =>
    [
      `The webhook endpoint ${p.endpointUrl} of ${p.organizationName} was disabled. ${why(p)}`,
      "",
      NEXT,
      "",
      `Open the endpoint: ${p.endpointUrlInConsole}`,
      "",
      "You can turn these notices off on the Notifications page of the console.",
    ].join("\n"),
};
