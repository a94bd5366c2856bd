import { desc } from "drizzle-orm";
import ipaddr from "ipaddr.js";
import { Resend } from "resend";
import { getDb, type Queryable } from "@/db/client";
import { devMailbox } from "@/db/schema";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/core/request";

export type Email = { to: string; subject: string; text: string; html: string };

/**
 * True when mail goes to the development mailbox instead of Resend: the embedded demo without
 * RESEND_API_KEY, or a PostgreSQL database explicitly started with DEV_MAILBOX=on (db/open.ts
 * refuses to start a PostgreSQL deployment with neither).
 */
export function usesDevMailbox(): boolean {
  const e = env();
  return !e.RESEND_API_KEY && (!e.DATABASE_URL || e.DEV_MAILBOX === "on");
}

const isLoopback = (ip: string | null) => ip !== null && ipaddr.isValid(ip) && ipaddr.process(ip).range() === "loopback";

/** The development mailbox is shown only while in use, and only to a client on the loopback interface (docs/security.md). */
export const devMailboxOpenTo = (headers: Headers) => usesDevMailbox() && isLoopback(clientIp(headers));

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
  if (!usesDevMailbox()) throw new Error("Configuration error: RESEND_API_KEY is required when DATABASE_URL is set (see .env.example)");
  const db = await getDb();
  await db.insert(devMailbox).values(email);
  console.log(`[dev mailbox] to ${email.to}: ${email.subject}\n${email.text}`);
}

/** The development mailbox's newest mail, for its page. */
export async function recentDevMail(db: Queryable, limit = 50) {
  return db.select().from(devMailbox).orderBy(desc(devMailbox.createdAt)).limit(limit);
}
