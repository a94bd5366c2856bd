import { and, eq } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { organizations, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import { consoleUrl } from "@/lib/notifications/links";
import { membersHolding, notify } from "@/lib/notifications/notify";
import { newRequestId } from "@/lib/core/request";
import type { RequestContext } from "@/lib/core/context";
import { RECEIVERS } from "@/lib/notifications/categories";

/** An endpoint failing this long without a single success is disabled. */
export const FAILING_LIMIT_MS = 5 * 24 * 3600_000;

/** Pending deliveries of an endpoint that stops receiving: failed, so they can be replayed later. */
export async function failPendingDeliveries(tx: Queryable, endpointId: string) {
  await tx
    .update(webhookDeliveries)
    .set({ status: "failed", lockedUntil: null })
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, "pending")));
}

const systemContext = (organizationId: string): RequestContext => ({
  principal: { actor: { type: "system" }, organizationId, role: "owner", projectRoles: new Map() },
  requestId: newRequestId(),
  ip: null,
  userAgent: null,
});

/**
 * Disables an endpoint that answered 410 Gone or failed for 5 days: its pending deliveries
 * fail, the change is audited (actor: system), and its organization's owners and admins
 * are emailed. Does nothing if it is already disabled.
 */
export async function disableFailingEndpoint(db: Db, endpointId: string, reason: "gone" | "failing") {
  await db.transaction(async (tx) => {
    const [endpoint] = await tx
      .update(webhookEndpoints)
      .set({ enabled: false, disabledReason: reason })
      .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.enabled, true)))
      .returning();
    if (!endpoint) return;
    const organizationId = endpoint.organizationId;
    await failPendingDeliveries(tx, endpointId);
    await recordChange(tx, systemContext(organizationId), {
      action: "webhook.endpoint_disabled",
      target: { type: "webhook_endpoint", id: endpointId },
      changes: { enabled: { from: true, to: false }, reason, failingSince: endpoint.failingSince?.toISOString() ?? null },
    });
    const [org] = await tx.select({ name: organizations.name, slug: organizations.slug }).from(organizations).where(eq(organizations.id, organizationId));
    await notify(tx, organizationId, "webhooks", await membersHolding(tx, organizationId, RECEIVERS.webhooks), {
      template: "webhook-disabled",
      props: {
        organizationName: org!.name,
        endpointUrl: endpoint.url,
        reason,
        failingSince: endpoint.failingSince?.toISOString() ?? null,
        endpointUrlInConsole: consoleUrl(`/${org!.slug}/webhooks/${endpointId}`),
      },
    });
  });
}
