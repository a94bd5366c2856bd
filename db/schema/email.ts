import { index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, idColumn, tz } from "./columns";

// Email to send, written in the transaction of the change that caused it and sent by the
// background loop after commit, with retries; a failed send never fails the change.
// A templated email (`template` + `props`) is rendered by the loop when it sends, outside the
// React Server Components layer (where react-dom/server is unavailable); the rendered subject,
// text and HTML are then kept on the row.
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: idColumn("mail"),
    organizationId: text(),
    to: text().notNull(),
    subject: text(),
    text: text(),
    html: text(),
    /** a template of lib/email/templates and its props, rendered at send time */
    template: text(),
    props: jsonb().$type<Record<string, unknown>>(),
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
