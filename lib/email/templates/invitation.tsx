import { EmailLayout, styles, type EmailTemplate } from "./layout";

export type InvitationEmailProps = {
  organizationName: string;
  /** who sent it: a name or an email address */
  inviterName: string;
  /** the organization role, as people read it ("Finance owner") */
  role: string;
  projects: { name: string; role: string }[];
  acceptUrl: string;
  /** ISO-8601 */
  expiresAt: string;
};

const UTC = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC", hourCycle: "h23" });
const until = (iso: string) => `${UTC.format(new Date(iso))} UTC`;

function InvitationHtml(p: InvitationEmailProps) {
  return (
    <EmailLayout preview={`Join ${p.organizationName} as ${p.role}`}>
      <h1 style={styles.heading}>Join {p.organizationName}</h1>
      <p style={styles.paragraph}>
        {p.inviterName} invited you to the organization <strong>{p.organizationName}</strong> with the role{" "}
        <strong>{p.role}</strong>.
      </p>
      {p.projects.length > 0 && (
        <>
          <p style={styles.paragraph}>You will also have access to these projects:</p>
          <ul style={{ margin: "0 0 12px", paddingLeft: "20px" }}>
            {p.projects.map((project) => (
              <li key={project.name}>
                {project.name}: {project.role}
              </li>
            ))}
          </ul>
        </>
      )}
      <p style={{ margin: "16px 0" }}>
        <a href={p.acceptUrl} style={styles.button}>
          Accept invitation
        </a>
      </p>
      <p style={styles.muted}>
        The link works once and expires on {until(p.expiresAt)}. Sign in with the address this email was sent to. If you
        did not expect it, ignore this email.
      </p>
      <p style={styles.muted}>
        Or paste this address into your browser: <span style={{ wordBreak: "break-all" }}>{p.acceptUrl}</span>
      </p>
    </EmailLayout>
  );
}

export const invitationEmail: EmailTemplate<InvitationEmailProps> = {
  subject: (p) => `${p.inviterName} invited you to ${p.organizationName} on AnyInt`,
  Html: InvitationHtml,
  text: (p) =>
    [
      `${p.inviterName} invited you to the organization ${p.organizationName} with the role ${p.role}.`,
      ...(p.projects.length > 0 ? ["", "You will also have access to these projects:", ...p.projects.map((x) => `- ${x.name}: ${x.role}`)] : []),
      "",
      `Accept the invitation: ${p.acceptUrl}`,
      "",
      `The link works once and expires on ${until(p.expiresAt)}. Sign in with the address this email was sent to. If you did not expect it, ignore this email.`,
    ].join("\n"),
};
