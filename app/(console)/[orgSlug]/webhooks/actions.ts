"use server";

import { orgAction } from "@/lib/server/action";
import { replayFailedDeliveries, retryDelivery, sendTestEvent } from "@/lib/webhooks/deliveries";
import { createEndpointInput, deliveryIdInput, endpointIdInput, replayInput, updateEndpointFields } from "@/lib/webhooks/schemas";
import { createEndpoint, deleteEndpoint, rotateEndpointSecret, updateEndpoint } from "@/lib/webhooks/service";

// Every action names the endpoint by id; the services load it within the caller's
// organization, so another organization's endpoint answers NOT_FOUND.
const pages = (orgSlug: string) => [`/${orgSlug}/webhooks`];

/** Adds an endpoint; its secret is in this answer only, for the one-time panel. */
export const createEndpointAction = orgAction(
  { input: createEndpointInput, permission: "webhook.manage", revalidate: pages },
  async ({ tx, ctx, input }) => {
    const { endpoint, secret } = await createEndpoint(tx, ctx, input);
    return { id: endpoint.id, url: endpoint.url, secret };
  },
);

export const updateEndpointAction = orgAction(
  { input: updateEndpointFields.extend(endpointIdInput.shape), permission: "webhook.manage", revalidate: pages },
  async ({ tx, ctx, input: { webhookId, ...fields } }) => {
    const endpoint = await updateEndpoint(tx, ctx, webhookId, fields);
    return { enabled: endpoint.enabled };
  },
);

export const deleteEndpointAction = orgAction(
  { input: endpointIdInput, permission: "webhook.manage", revalidate: pages },
  async ({ tx, ctx, input }) => {
    await deleteEndpoint(tx, ctx, input.webhookId);
    return null;
  },
);

export const rotateSecretAction = orgAction(
  { input: endpointIdInput, permission: "webhook.manage", revalidate: pages },
  async ({ tx, ctx, input }) => {
    const { secret, endpoint } = await rotateEndpointSecret(tx, ctx, input.webhookId);
    return { secret, previousSecretExpiresAt: endpoint.previousSecretExpiresAt };
  },
);

export const sendTestAction = orgAction(
  { input: endpointIdInput, permission: "webhook.manage", revalidate: pages },
  async ({ tx, ctx, input }) => {
    const delivery = await sendTestEvent(tx, ctx, input.webhookId);
    return { deliveryId: delivery.id };
  },
);

export const retryDeliveryAction = orgAction(
  { input: deliveryIdInput, permission: "webhook.manage", revalidate: pages },
  async ({ tx, ctx, input }) => {
    await retryDelivery(tx, ctx, input.webhookId, input.deliveryId);
    return null;
  },
);

export const replayAction = orgAction(
  { input: replayInput.extend(endpointIdInput.shape), permission: "webhook.manage", revalidate: pages },
  async ({ tx, ctx, input }) => replayFailedDeliveries(tx, ctx, input.webhookId, input.since),
);
