import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, idColumn, tz } from "./columns";
import { organizations } from "./organizations";

// Transactional outbox: written in the same transaction as the change that caused it.
export const outboxEvents = pgTable(
  "outbox_events",
  {
    id: idColumn("event"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    type: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    /** set by the dispatcher once fan-out to webhook deliveries is done */
    dispatchedAt: tz(),
    /** set by the notification task once the event's emails are queued (lib/notifications) */
    emailedAt: tz(),
  },
  (t) => [
    index().on(t.dispatchedAt, t.createdAt),
    index().on(t.organizationId, t.createdAt),
    index("outbox_events_not_emailed_index").on(t.createdAt).where(sql`${t.emailedAt} is null`),
  ],
);

// Development mailbox: where email goes when no RESEND_API_KEY is configured.
export const devMailbox = pgTable("dev_mailbox", {
  id: idColumn("mail"),
  to: text().notNull(),
  subject: text().notNull(),
  text: text().notNull(),
  html: text().notNull(),
  createdAt: createdAt(),
});

export type OutboxEvent = typeof outboxEvents.$inferSelect;
