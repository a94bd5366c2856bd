import { eq, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { emailOutbox, type QueuedEmail } from "@/db/schema";
import { env } from "@/lib/env";
import { sendEmail, type Email } from "./send";

/** Default retry schedule in seconds (spec/events.md); WEBHOOK_RETRY_SCHEDULE overrides both. */
export const DEFAULT_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 36000];

export function retrySchedule(): number[] {
  const custom = env().WEBHOOK_RETRY_SCHEDULE;
  return custom ? custom.split(",").map(Number) : DEFAULT_RETRY_SCHEDULE;
}

/** Queues an email in the caller's transaction: it is sent only if the change commits. */
export async function queueEmail(tx: Queryable, email: Email & { organizationId?: string; category?: string }) {
  await tx.insert(emailOutbox).values(email);
}

const LEASE_SECONDS = 60;

/**
 * Sends due emails. Claims them with FOR UPDATE SKIP LOCKED and a lease, so several workers
 * never send the same email at once and a crashed worker's claim expires.
 */
export async function deliverDueEmails(db: Db, limit = 20): Promise<number> {
  type Claimed = Pick<QueuedEmail, "id" | "to" | "subject" | "text" | "html" | "attempts">;
  const rows = rowsOf<Claimed>(await db.execute(sql`
    update email_outbox set locked_until = now() + make_interval(secs => ${LEASE_SECONDS})
    where id in (
      select id from email_outbox
      where status = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
      order by next_attempt_at limit ${limit} for update skip locked)
    returning id, "to", subject, text, html, attempts`));
  const schedule = retrySchedule();
  for (const mail of rows) {
    try {
      await sendEmail({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      await db.update(emailOutbox).set({ status: "sent", sentAt: new Date(), attempts: mail.attempts + 1, lockedUntil: null }).where(eq(emailOutbox.id, mail.id));
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
