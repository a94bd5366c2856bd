import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { emailOutbox, type QueuedEmail } from "@/db/schema";
import { retrySchedule } from "./queue";
import { renderEmail } from "./render";
import { sendEmail, type Email } from "./send";
import { isTemplateName } from "./templates";

const LEASE_SECONDS = 60;

type Claimed = Pick<QueuedEmail, "id" | "to" | "subject" | "text" | "html" | "template" | "props" | "attempts">;

/** The email a row stands for: as queued, or rendered from its template. */
function compose(mail: Claimed): Email {
  if (!mail.template) return { to: mail.to, subject: mail.subject ?? "", text: mail.text ?? "", html: mail.html ?? "" };
  if (!isTemplateName(mail.template)) throw new Error(`Unknown email template "${mail.template}"`);
  return renderEmail(mail.template, mail.props as never, mail.to);
}

/**
 * Sends due emails. Claims them with FOR UPDATE SKIP LOCKED and a lease, so several workers
 * never send the same email at once and a crashed worker's claim expires. A template that
 * fails to render counts as a failed attempt, like a refused send.
 */
export async function deliverDueEmails(db: Db, limit = 20): Promise<number> {
  const rows = rowsOf<Claimed>(await db.execute(sql`
    update email_outbox set locked_until = now() + make_interval(secs => ${LEASE_SECONDS})
    where id in (
      select id from email_outbox
      where status = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
      order by next_attempt_at limit ${limit} for update skip locked)
    returning id, "to", subject, text, html, template, props, attempts`));
  const schedule = retrySchedule();
  for (const mail of rows) {
    try {
      const email = compose(mail);
      await sendEmail(email);
      await db
        .update(emailOutbox)
        .set({ status: "sent", sentAt: new Date(), attempts: mail.attempts + 1, lockedUntil: null, subject: email.subject, text: email.text, html: email.html })
        .where(eq(emailOutbox.id, mail.id));
    } catch (error) {
      const attempts = mail.attempts + 1;
      const delay = schedule[attempts - 1];
      await db
        .update(emailOutbox)
        .set({
          attempts,
          lockedUntil: null,
          lastError: (error as Error).message.slice(0, 1000),
          ...(delay === undefined ? { status: "failed" } : { nextAttemptAt: new Date(Date.now() + delay * 1000) }),
        })
        .where(eq(emailOutbox.id, mail.id));
    }
  }
  return rows.length;
}
