import { and, desc, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { auditLogs } from "@/db/schema";
import { logUnexpected } from "@/lib/core/log-error";
import { newRequestId } from "@/lib/core/request";
import { auditView, auditWhere } from "./queries";
import { AUDIT_EXPORT_CAP, type AuditFilter } from "./schemas";

// The audit log as CSV (RFC 4180, CRLF), streamed in pages so a large export never sits in
// memory; newest first, at most AUDIT_EXPORT_CAP entries.

export const AUDIT_CSV_HEADER = [
  "id",
  "time",
  "actor_type",
  "actor_id",
  "actor",
  "action",
  "target_type",
  "target_id",
  "ip",
  "user_agent",
  "request_id",
  "changes",
] as const;

const cell = (v: string | null) => {
  if (v === null) return "";
  // a leading =, +, - or @ would be a formula in a spreadsheet
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
const line = (cells: (string | null)[]) => `${cells.map(cell).join(",")}\r\n`;

const PAGE = 1000;

export async function* auditCsvChunks(db: Queryable, organizationId: string, filter: AuditFilter, cap = AUDIT_EXPORT_CAP) {
  yield line([...AUDIT_CSV_HEADER]);
  const where = auditWhere(organizationId, filter);
  let cursor: string | null = null;
  let sent = 0;
  while (sent < cap) {
    const rows = await db
      .select()
      .from(auditLogs)
      .where(cursor ? and(where, sql`(${auditLogs.createdAt}, ${auditLogs.id}) < (select created_at, id from audit_logs where id = ${cursor})`) : where)
      .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
      .limit(Math.min(PAGE, cap - sent));
    if (rows.length === 0) return;
    let chunk = "";
    for (const row of rows) {
      const v = auditView(row);
      chunk += line([v.id, v.createdAt, v.actor.type, v.actor.id, v.actor.label, v.action, v.target.type, v.target.id, v.ip, v.userAgent, v.requestId, JSON.stringify(v.changes)]);
    }
    yield chunk;
    sent += rows.length;
    cursor = rows[rows.length - 1]!.id;
    if (rows.length < PAGE) return;
  }
}

/** A streaming body of the CSV. */
export function auditCsvStream(db: Queryable, organizationId: string, filter: AuditFilter, cap = AUDIT_EXPORT_CAP): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunks = auditCsvChunks(db, organizationId, filter, cap);
  return new ReadableStream({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        logUnexpected(newRequestId(), "audit export", error);
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
