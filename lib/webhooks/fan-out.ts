import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { organizations, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { hasFeature } from "@/lib/orgs/plans";
import { matchesEventTypes } from "./catalog";

type Claimed = { id: string; organization_id: string; type: string };

/**
 * Fans undispatched outbox events out to one delivery per enabled endpoint whose event types
 * match (organizations whose plan includes webhooks). Events are claimed with FOR UPDATE SKIP
 * LOCKED and marked `dispatched_at` in the transaction that writes their deliveries, so every
 * event is fanned out exactly once, whichever worker takes it.
 */
export async function fanOutEvents(db: Db, limit = 500): Promise<number> {
  return db.transaction(async (tx) => {
    const events = rowsOf<Claimed>(
      await tx.execute(sql`
        update outbox_events set dispatched_at = now()
        where id in (select id from outbox_events where dispatched_at is null order by created_at limit ${limit} for update skip locked)
        returning id, organization_id, type`),
    );
    if (events.length === 0) return 0;
    const orgIds = [...new Set(events.map((e) => e.organization_id))];
    const endpoints = (
      await tx
        .select({ id: webhookEndpoints.id, organizationId: webhookEndpoints.organizationId, eventTypes: webhookEndpoints.eventTypes, plan: organizations.plan })
        .from(webhookEndpoints)
        .innerJoin(organizations, eq(organizations.id, webhookEndpoints.organizationId))
        .where(and(inArray(webhookEndpoints.organizationId, orgIds), eq(webhookEndpoints.enabled, true)))
    ).filter((e) => hasFeature(e.plan, "webhooks"));
    const deliveries = events.flatMap((event) =>
      endpoints
        .filter((e) => e.organizationId === event.organization_id && matchesEventTypes(event.type, e.eventTypes))
        .map((e) => ({ organizationId: e.organizationId, endpointId: e.id, eventId: event.id, eventType: event.type })),
    );
    for (let i = 0; i < deliveries.length; i += 1000) {
      await tx.insert(webhookDeliveries).values(deliveries.slice(i, i + 1000)).onConflictDoNothing();
    }
    return events.length;
  });
}
