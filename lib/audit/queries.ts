import { and, desc, eq, gte, like, lt, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { auditLogs, type AuditLog } from "@/db/schema";
import { AppError } from "@/lib/core/errors";
import type { AuditFilter, ListAuditLogsQuery } from "./schemas";

// Reads of the append-only audit log, newest first, paged by keyset on (created_at, id).

const SECRET_FIELD = /secret|password|token|private.?key/i;

/** Defence in depth: audit entries never carry secrets, and a field named like one is masked anyway. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) && typeof v === "string" ? "[redacted]" : redact(v)]));
  }
  return value;
}

export function auditView(row: AuditLog) {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    actor: { type: row.actorType as "user" | "admin_key" | "system", id: row.actorId, label: row.actorLabel },
    action: row.action,
    target: { type: row.targetType, id: row.targetId },
    ip: row.ip,
    userAgent: row.userAgent,
    requestId: row.requestId,
    changes: redact(row.changes) as Record<string, unknown>,
  };
}
export type AuditView = ReturnType<typeof auditView>;

/** The WHERE of a filter, always within one organization. */
export function auditWhere(organizationId: string, f: AuditFilter): SQL {
  const conditions: (SQL | undefined)[] = [
    eq(auditLogs.organizationId, organizationId),
    f.action ? (f.action.endsWith(".*") ? like(auditLogs.action, `${f.action.slice(0, -1)}%`) : eq(auditLogs.action, f.action)) : undefined,
    // "system" names the console itself (background tasks), which has no id
    f.actorId ? (f.actorId === "system" ? eq(auditLogs.actorType, "system") : eq(auditLogs.actorId, f.actorId)) : undefined,
    f.targetId ? eq(auditLogs.targetId, f.targetId) : undefined,
    f.start ? gte(auditLogs.createdAt, new Date(f.start)) : undefined,
    f.end ? lt(auditLogs.createdAt, new Date(f.end)) : undefined,
  ];
  return and(...conditions)!;
}

/** Entries strictly older than the entry `cursor` (an audit id of this organization). */
async function afterCursor(db: Queryable, organizationId: string, cursor: string): Promise<SQL> {
  const [row] = await db
    .select({ id: auditLogs.id })
    .from(auditLogs)
    .where(and(eq(auditLogs.organizationId, organizationId), eq(auditLogs.id, cursor)));
  if (!row) {
    throw new AppError("INVALID_REQUEST", "Invalid request: query.cursor: is not a cursor of this list", {
      fieldErrors: [{ path: "query.cursor", message: "is not a cursor of this list" }],
    });
  }
  return sql`(${auditLogs.createdAt}, ${auditLogs.id}) < (select created_at, id from audit_logs where id = ${cursor})`;
}

export async function listAuditLogs(db: Queryable, organizationId: string, query: ListAuditLogsQuery) {
  const where = auditWhere(organizationId, query);
  const rows = await db
    .select()
    .from(auditLogs)
    .where(query.cursor ? and(where, await afterCursor(db, organizationId, query.cursor)) : where)
    .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { data: page.map(auditView), nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null };
}

export async function countAuditLogs(db: Queryable, organizationId: string, filter: AuditFilter): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLogs).where(auditWhere(organizationId, filter));
  return Number(row?.n ?? 0);
}

/** Who appears in the organization's audit log, for the actor filter (the most recent 200). */
export async function auditActors(db: Queryable, organizationId: string) {
  const rows = await db
    .select({ id: auditLogs.actorId, type: auditLogs.actorType, label: sql<string>`max(${auditLogs.actorLabel})`, last: sql<Date>`max(${auditLogs.createdAt})` })
    .from(auditLogs)
    .where(and(eq(auditLogs.organizationId, organizationId), sql`${auditLogs.actorId} is not null`))
    .groupBy(auditLogs.actorId, auditLogs.actorType)
    .orderBy(desc(sql`max(${auditLogs.createdAt})`))
    .limit(200);
  return rows.map((r) => ({ id: r.id!, type: r.type, label: r.label }));
}
