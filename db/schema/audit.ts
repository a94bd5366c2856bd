import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, idColumn } from "./columns";
import { organizations } from "./organizations";

// Append-only: no code path updates or deletes these rows.
export const auditLogs = pgTable(
  "audit_logs",
  {
    id: idColumn("audit"),
    organizationId: text()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    actorType: text().notNull(), // user | admin_key | system
    actorId: text(),
    actorLabel: text().notNull(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    ip: text(),
    userAgent: text(),
    requestId: text(),
    changes: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.organizationId, t.createdAt), index().on(t.organizationId, t.action)],
);

export type AuditLog = typeof auditLogs.$inferSelect;
