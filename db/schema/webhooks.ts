import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, unique } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, idColumn, tz, updatedAt } from "./columns";
import { outboxEvents } from "./events";
import { organizations } from "./organizations";

// Operational webhooks (spec/events.md): endpoints of an organization, one delivery per
// endpoint × event, and every attempt of a delivery.
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: idColumn("webhookEndpoint"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    url: text().notNull(),
    description: text().notNull().default(""),
    /** event types and groups (`key.*`) it receives */
    eventTypes: text().array().notNull(),
    enabled: boolean().notNull().default(true),
    /** why it is disabled: manual | gone (answered 410) | failing (5 days of failures) */
    disabledReason: text(),
    /** the `whsec_` signing secret, sealed with ENCRYPTION_KEY (lib/crypto/secret-box.ts) */
    secret: text().notNull(),
    /** the secret before the last rotation, sealed; signs too until `previousSecretExpiresAt` */
    previousSecret: text(),
    previousSecretExpiresAt: tz(),
    /** start of the current run of failed attempts; null while healthy */
    failingSince: tz(),
    createdById: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index().on(t.organizationId, t.createdAt)],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: idColumn("webhookDelivery"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    endpointId: text()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: text()
      .notNull()
      .references(() => outboxEvents.id, { onDelete: "cascade" }),
    eventType: text().notNull(),
    status: text().notNull().default("pending"), // pending | succeeded | failed
    attempts: integer().notNull().default(0),
    nextAttemptAt: tz().notNull().defaultNow(),
    /** lease of the worker sending it; an expired lease is retaken */
    lockedUntil: tz(),
    /** HTTP status of the last attempt (null: no answer) */
    lastStatus: integer(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique().on(t.endpointId, t.eventId),
    index().on(t.endpointId, t.createdAt),
    index("webhook_deliveries_due_index").on(t.endpointId, t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    // deliveries in flight, counted per endpoint against its concurrency cap
    index("webhook_deliveries_leased_index").on(t.endpointId, t.lockedUntil).where(sql`${t.status} = 'pending' and ${t.lockedUntil} is not null`),
  ],
);

export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: idColumn("webhookAttempt"),
    deliveryId: text()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    /** null when no answer came (refused address, timeout, connection error) */
    statusCode: integer(),
    durationMs: integer().notNull(),
    /** the first 4 KiB of the answer */
    response: text(),
    error: text(),
  },
  (t) => [index().on(t.deliveryId, t.createdAt)],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookAttempt = typeof webhookAttempts.$inferSelect;
