import { desc } from "drizzle-orm";
import { Resend } from "resend";
import { getDb, type Queryable } from "@/db/client";
import { devMailbox } from "@/db/schema";
import { env } from "@/lib/env";

export type Email = { to: string; subject: string; text: string; html: string };

/** True when mail goes to the development mailbox instead of Resend. */
export const usesDevMailbox = () => !env().RESEND_API_KEY;

/**
 * The one way email leaves the console: through Resend when RESEND_API_KEY is set
 * (RESEND_BASE_URL points the SDK elsewhere), else into the development mailbox and the log.
 */
export async function sendEmail(email: Email): Promise<void> {
  const { RESEND_API_KEY, EMAIL_FROM } = env();
  if (RESEND_API_KEY) {
    const { error } = await new Resend(RESEND_API_KEY).emails.send({ from: EMAIL_FROM, ...email });
    if (error) throw new Error(`Resend refused the email to ${email.to}: ${error.message}`);
    return;
  }
  const db = await getDb();
  await db.insert(devMailbox).values(email);
  console.log(`[dev mailbox] to ${email.to}: ${email.subject}\n${email.text}`);
}

/** The development mailbox's newest mail, for its page. */
export async function recentDevMail(db: Queryable, limit = 50) {
  return db.select().from(devMailbox).orderBy(desc(devMailbox.createdAt)).limit(limit);
}
