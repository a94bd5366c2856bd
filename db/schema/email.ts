import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, idColumn, tz } from "./columns";

// Email to send, written in the transaction of the change that caused it and sent by the
// background loop after commit, with retries; a failed send never fails the change.
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: idColumn("mail"),
    organizationId: text(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text().notNull(),
    /** notification category, for per-member preferences (null: essential) */
    category: text(),
    status: text().notNull().default("pending"), // pending | sent | failed
    attempts: integer().notNull().default(0),
    nextAttemptAt: tz().notNull().defaultNow(),
    lockedUntil: tz(),
    lastError: text(),
    sentAt: tz(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.status, t.nextAttemptAt)],
);

export type QueuedEmail = typeof emailOutbox.$inferSelect;
