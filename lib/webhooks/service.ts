import { and, asc, eq, gt } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "@/db/client";
import { organizations, webhookEndpoints, type WebhookEndpoint } from "@/db/schema";
import { diff, recordChange } from "@/lib/audit/record";
import { seal } from "@/lib/crypto/secret-box";
import { hasFeature, planOf } from "@/lib/orgs/plans";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { failPendingDeliveries } from "./disable";
import type { createEndpointInput, listEndpointsQuery, updateEndpointInput } from "./schemas";
import { newWebhookSecret } from "./signing";

/** How long the secret before a rotation keeps signing alongside the new one. */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;

export function endpointView(e: WebhookEndpoint) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    failingSince: e.failingSince?.toISOString() ?? null,
    /** during a rotation overlap: when the previous secret stops signing */
    previousSecretExpiresAt: e.previousSecretExpiresAt && e.previousSecretExpiresAt > new Date() ? e.previousSecretExpiresAt.toISOString() : null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}
export type EndpointView = ReturnType<typeof endpointView>;

/** Webhooks are a plan feature: a plan without it is told so plainly (403). */
export async function assertWebhooksFeature(db: Queryable, organizationId: string) {
  const [org] = await db.select({ plan: organizations.plan }).from(organizations).where(eq(organizations.id, organizationId));
  if (!hasFeature(org!.plan, "webhooks")) {
    throw new AppError("FORBIDDEN", `Webhooks are not part of the ${planOf(org!.plan).name} plan. Upgrade the organization's plan to send webhooks.`);
  }
}

/** An endpoint of the caller's organization, or NOT_FOUND (also for other organizations'). */
export async function loadEndpoint(db: Queryable, ctx: RequestContext, id: string, forUpdate = false) {
  const query = db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.organizationId, ctx.principal.organizationId)));
  const [row] = forUpdate ? await query.for("update") : await query;
  if (!row) throw new AppError("NOT_FOUND", "Webhook endpoint was not found.");
  return row;
}

export async function createEndpoint(tx: Queryable, ctx: RequestContext, input: z.infer<typeof createEndpointInput>) {
  await assertWebhooksFeature(tx, ctx.principal.organizationId);
  const secret = newWebhookSecret();
  const enabled = input.enabled ?? true;
  const [row] = await tx
    .insert(webhookEndpoints)
    .values({
      organizationId: ctx.principal.organizationId,
      url: input.url,
      description: input.description ?? "",
      eventTypes: input.eventTypes,
      enabled,
      disabledReason: enabled ? null : "manual",
      secret: seal(secret),
      createdById: ctx.principal.actor.type === "user" ? ctx.principal.actor.userId : null,
    })
    .returning();
  const endpoint = endpointView(row!);
  await recordChange(tx, ctx, {
    action: "webhook.endpoint_created",
    target: { type: "webhook_endpoint", id: endpoint.id },
    changes: { url: endpoint.url, eventTypes: endpoint.eventTypes, description: endpoint.description, enabled },
  });
  return { endpoint, secret };
}

export async function getEndpoint(db: Queryable, ctx: RequestContext, id: string) {
  return endpointView(await loadEndpoint(db, ctx, id));
}

export async function listEndpoints(db: Queryable, ctx: RequestContext, query: z.infer<typeof listEndpointsQuery>) {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.organizationId, ctx.principal.organizationId), query.cursor ? gt(webhookEndpoints.id, query.cursor) : undefined))
    .orderBy(asc(webhookEndpoints.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { data: page.map(endpointView), nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null };
}

/** Changes url, event types, description or enabled. Enabling clears the failure run; disabling fails what is pending. */
export async function updateEndpoint(tx: Queryable, ctx: RequestContext, id: string, input: z.infer<typeof updateEndpointInput>) {
  const before = await loadEndpoint(tx, ctx, id, true);
  const enabling = input.enabled === true && !before.enabled;
  if (enabling) await assertWebhooksFeature(tx, ctx.principal.organizationId);
  const state =
    input.enabled === undefined || input.enabled === before.enabled
      ? {}
      : input.enabled
        ? { disabledReason: null, failingSince: null }
        : { disabledReason: "manual" };
  const [row] = await tx
    .update(webhookEndpoints)
    .set({ ...input, ...state })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  if (input.enabled === false && before.enabled) await failPendingDeliveries(tx, id);
  const changes = diff(endpointView(before), { url: input.url, eventTypes: input.eventTypes, description: input.description, enabled: input.enabled });
  await recordChange(tx, ctx, { action: "webhook.endpoint_updated", target: { type: "webhook_endpoint", id }, changes });
  return endpointView(row!);
}

export async function deleteEndpoint(tx: Queryable, ctx: RequestContext, id: string) {
  const before = await loadEndpoint(tx, ctx, id, true);
  await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  await recordChange(tx, ctx, {
    action: "webhook.endpoint_deleted",
    target: { type: "webhook_endpoint", id },
    changes: { url: before.url, eventTypes: before.eventTypes },
  });
}

/** A new secret; the current one keeps signing for 24 hours (both signatures are sent). */
export async function rotateEndpointSecret(tx: Queryable, ctx: RequestContext, id: string) {
  const before = await loadEndpoint(tx, ctx, id, true);
  const secret = newWebhookSecret();
  const overlapEnds = new Date(Date.now() + ROTATION_OVERLAP_MS);
  const [row] = await tx
    .update(webhookEndpoints)
    .set({ secret: seal(secret), previousSecret: before.secret, previousSecretExpiresAt: overlapEnds })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  await recordChange(tx, ctx, {
    action: "webhook.secret_rotated",
    target: { type: "webhook_endpoint", id },
    changes: { previousSecretExpiresAt: overlapEnds.toISOString() },
  });
  return { endpoint: endpointView(row!), secret };
}
