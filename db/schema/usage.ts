import { bigint, date, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { createdAt, tz } from "./columns";
import { models } from "./models";

// Usage and spend (docs/architecture.md, "Usage, spend and budgets"; limits are in ./limits). No foreign
// keys on the ingest tables: they are written in bulk on the hot path, and keep their
// history whatever happens to the keys they name.

const micros = () => bigint({ mode: "number" });
const sums = () => ({
  requests: micros().notNull(),
  inputTokens: micros().notNull(),
  outputTokens: micros().notNull(),
  costMicros: micros().notNull(),
});

/** Every event id seen per organization: the exactly-once guard (a plain, unpartitioned key). */
export const usageEventIds = pgTable(
  "usage_event_ids",
  {
    organizationId: text().notNull(),
    eventId: text().notNull(),
    /** where the stored event sits in usage_events */
    occurredAt: tz().notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.eventId] })],
);

/**
 * The raw events, as accepted. On disk this table is partitioned by month of `occurredAt`
 * (migration 0006 recreates it with PARTITION BY RANGE; lib/usage/partitions.ts adds months).
 * Only a BRIN index on time: usage_event_ids guards uniqueness and says where an id's event
 * is, and no B-tree is kept up to date on every ingested row.
 */
export const usageEvents = pgTable(
  "usage_events",
  {
    organizationId: text().notNull(),
    occurredAt: tz().notNull(),
    eventId: text().notNull(),
    projectId: text().notNull(),
    environment: text().notNull(),
    keyId: text().notNull(),
    model: text().notNull(),
    inputTokens: integer().notNull(),
    outputTokens: integer().notNull(),
    costMicros: micros().notNull(),
    requestId: text(),
    receivedAt: createdAt(),
  },
  (t) => [index().using("brin", t.occurredAt)],
);

/** Hourly totals per project, environment, key and model (UTC hours). */
export const usageHourly = pgTable(
  "usage_hourly",
  {
    organizationId: text().notNull(),
    hour: tz().notNull(),
    projectId: text().notNull(),
    environment: text().notNull(),
    keyId: text().notNull(),
    model: text().notNull(),
    ...sums(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.hour, t.projectId, t.environment, t.keyId, t.model] })],
);

/** Daily totals per key (UTC days): day and month queries that group or filter by key. */
export const usageDailyKeys = pgTable(
  "usage_daily_keys",
  {
    organizationId: text().notNull(),
    day: date({ mode: "string" }).notNull(),
    projectId: text().notNull(),
    environment: text().notNull(),
    keyId: text().notNull(),
    model: text().notNull(),
    ...sums(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.day, t.projectId, t.environment, t.keyId, t.model] })],
);

/** Daily totals per project and model: charts, month-to-date spend, budgets. */
export const usageDailyProjects = pgTable(
  "usage_daily_projects",
  {
    organizationId: text().notNull(),
    day: date({ mode: "string" }).notNull(),
    projectId: text().notNull(),
    model: text().notNull(),
    ...sums(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.day, t.projectId, t.model] }), index().on(t.projectId, t.day)],
);

/** The catalog's price history: the price in force at an event's time prices it. */
export const modelPrices = pgTable(
  "model_prices",
  {
    modelId: text()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    effectiveFrom: tz().notNull(),
    /** micro-dollars per million tokens */
    inputPriceMicros: micros().notNull(),
    outputPriceMicros: micros().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.effectiveFrom] })],
);

export type ModelPrice = typeof modelPrices.$inferSelect;
