import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "@/db/client";
import { outboxEvents, webhookAttempts, webhookDeliveries, type WebhookAttempt, type WebhookDelivery } from "@/db/schema";
import { emitEvent, recordChange } from "@/lib/audit/record";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import type { listDeliveriesQuery } from "./schemas";
import { assertWebhooksFeature, loadEndpoint } from "./service";

function attemptView(a: WebhookAttempt) {
  return { id: a.id, createdAt: a.createdAt.toISOString(), statusCode: a.statusCode, durationMs: a.durationMs, response: a.response, error: a.error };
}

export function deliveryView(d: WebhookDelivery, attempts: WebhookAttempt[]) {
  return {
    id: d.id,
    endpointId: d.endpointId,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status as "pending" | "succeeded" | "failed",
    attemptCount: d.attempts,
    lastStatus: d.lastStatus,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    /** newest first */
    attempts: attempts.map(attemptView),
  };
}
export type DeliveryView = ReturnType<typeof deliveryView>;

/** The delivery log of an endpoint, newest first, each delivery with every attempt. */
export async function listDeliveries(db: Queryable, ctx: RequestContext, endpointId: string, query: z.infer<typeof listDeliveriesQuery>) {
  await loadEndpoint(db, ctx, endpointId);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        query.status ? eq(webhookDeliveries.status, query.status) : undefined,
        query.cursor
          ? sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (select created_at, id from webhook_deliveries where id = ${query.cursor})`
          : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const attempts = page.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(inArray(webhookAttempts.deliveryId, page.map((d) => d.id)))
        .orderBy(desc(webhookAttempts.createdAt), desc(webhookAttempts.id))
    : [];
  return {
    data: page.map((d) => deliveryView(d, attempts.filter((a) => a.deliveryId === d.id))),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
  };
}

async function loadDelivery(db: Queryable, endpointId: string, deliveryId: string) {
  const [d] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
    .for("update");
  if (!d) throw new AppError("NOT_FOUND", "Delivery was not found.");
  return d;
}

async function assertSendable(tx: Queryable, ctx: RequestContext, endpointId: string) {
  const endpoint = await loadEndpoint(tx, ctx, endpointId);
  if (!endpoint.enabled) throw new AppError("CONFLICT", "This endpoint is disabled: enable it first.");
  await assertWebhooksFeature(tx, ctx.principal.organizationId);
  return endpoint;
}

/** Sends a delivery again now (same event, same webhook-id); the retry schedule resumes where it was. */
export async function retryDelivery(tx: Queryable, ctx: RequestContext, endpointId: string, deliveryId: string) {
  await assertSendable(tx, ctx, endpointId);
  const before = await loadDelivery(tx, endpointId, deliveryId);
  if (before.status === "pending") throw new AppError("CONFLICT", "This delivery is already waiting to be sent.");
  const [d] = await tx
    .update(webhookDeliveries)
    .set({ status: "pending", nextAttemptAt: new Date(), lockedUntil: null })
    .where(eq(webhookDeliveries.id, deliveryId))
    .returning();
  await recordChange(tx, ctx, {
    action: "webhook.delivery_retried",
    target: { type: "webhook_delivery", id: deliveryId },
    changes: { endpointId, eventId: before.eventId, status: { from: before.status, to: "pending" } },
  });
  return deliveryView(d!, []);
}

/** Sends again every delivery of the endpoint that failed since `since`. */
export async function replayFailedDeliveries(tx: Queryable, ctx: RequestContext, endpointId: string, since: string) {
  await assertSendable(tx, ctx, endpointId);
  const replayed = await tx
    .update(webhookDeliveries)
    .set({ status: "pending", nextAttemptAt: new Date(), lockedUntil: null })
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, "failed"), gte(webhookDeliveries.createdAt, new Date(since))))
    .returning({ id: webhookDeliveries.id });
  await recordChange(tx, ctx, {
    action: "webhook.deliveries_replayed",
    target: { type: "webhook_endpoint", id: endpointId },
    changes: { since, count: replayed.length },
  });
  return { replayed: replayed.length };
}

/**
 * A `webhook.test` event for this endpoint only: written to the outbox already dispatched (so
 * no other endpoint receives it) with its one delivery, in the caller's transaction.
 */
export async function sendTestEvent(tx: Queryable, ctx: RequestContext, endpointId: string) {
  const endpoint = await assertSendable(tx, ctx, endpointId);
  const data = { message: "A test event from the AnyInt Console.", endpoint: { id: endpoint.id, url: endpoint.url } };
  const eventId = await emitEvent(tx, ctx.principal.organizationId, "webhook.test", data);
  await tx.update(outboxEvents).set({ dispatchedAt: sql`now()` }).where(eq(outboxEvents.id, eventId));
  const [d] = await tx
    .insert(webhookDeliveries)
    .values({ organizationId: endpoint.organizationId, endpointId, eventId, eventType: "webhook.test" })
    .returning();
  await recordChange(tx, ctx, { action: "webhook.test", target: { type: "webhook_endpoint", id: endpointId }, changes: { eventId } });
  return deliveryView(d!, []);
}

