import { auditLogs, outboxEvents } from "@/db/schema";
import type { Queryable } from "@/db/client";
import { newId } from "@/lib/core/ids";
import type { AuditAction, EventType } from "@/lib/events/catalog";
import { actorLabel, type RequestContext } from "@/lib/core/context";

type Change = {
  action: AuditAction;
  target: { type: string; id: string | null };
  /** the change itself: for updates, `{ field: { from, to } }`; never a secret */
  changes?: Record<string, unknown>;
  /** the outbox event of the change, if it has one */
  event?: { type: EventType; data: Record<string, unknown> };
};

/**
 * Writes the audit entry and, when given, the outbox event of one change. Call it with the
 * transaction that makes the change, so the three exist together or not at all.
 */
export async function recordChange(tx: Queryable, ctx: RequestContext, change: Change) {
  const actor = actorLabel(ctx);
  const organizationId = ctx.principal.organizationId;
  await tx.insert(auditLogs).values({
    organizationId,
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    action: change.action,
    targetType: change.target.type,
    targetId: change.target.id,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
    changes: change.changes ?? {},
  });
  if (change.event) await emitEvent(tx, organizationId, change.event.type, change.event.data);
}

/** Writes one event to the outbox (in the caller's transaction); its payload is what webhooks deliver. */
export async function emitEvent(tx: Queryable, organizationId: string, type: EventType, data: Record<string, unknown>) {
  const id = newId("event");
  await tx.insert(outboxEvents).values({
    id,
    organizationId,
    type,
    payload: { id, type, timestamp: new Date().toISOString(), organizationId, data },
  });
  return id;
}

/** `{ field: { from, to } }` for the fields whose value changed. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v !== undefined && JSON.stringify(before[k]) !== JSON.stringify(v)) {
      out[k] = { from: before[k], to: v };
    }
  }
  return out;
}
