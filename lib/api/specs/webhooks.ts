import { z } from "zod";
import { createEndpointInput, listDeliveriesQuery, listEndpointsQuery, replayInput, updateEndpointInput } from "@/lib/webhooks/schemas";
import { defineRoute } from "../spec";

const TAG = "Webhooks";
const webhookParams = z.object({ webhookId: z.string().min(1).max(100) });
const deliveryParams = z.object({ webhookId: z.string().min(1).max(100), deliveryId: z.string().min(1).max(100) });

export const listWebhooksRoute = defineRoute({
  method: "GET",
  path: "/webhooks",
  summary: "List the organization's webhook endpoints (never their secrets)",
  tag: TAG,
  permission: "webhook.read",
  query: listEndpointsQuery,
});

export const createWebhookRoute = defineRoute({
  method: "POST",
  path: "/webhooks",
  summary: "Add an endpoint; the answer holds its whsec_ signing secret, shown this once",
  tag: TAG,
  permission: "webhook.manage",
  body: createEndpointInput,
  status: 201,
});

export const getWebhookRoute = defineRoute({
  method: "GET",
  path: "/webhooks/{webhookId}",
  summary: "Read an endpoint",
  tag: TAG,
  permission: "webhook.read",
  params: webhookParams,
});

export const updateWebhookRoute = defineRoute({
  method: "PATCH",
  path: "/webhooks/{webhookId}",
  summary: "Change an endpoint's URL, event types, description, or enable/disable it",
  tag: TAG,
  permission: "webhook.manage",
  params: webhookParams,
  body: updateEndpointInput,
});

export const deleteWebhookRoute = defineRoute({
  method: "DELETE",
  path: "/webhooks/{webhookId}",
  summary: "Delete an endpoint and its delivery log",
  tag: TAG,
  permission: "webhook.manage",
  params: webhookParams,
  status: 204,
});

export const rotateWebhookSecretRoute = defineRoute({
  method: "POST",
  path: "/webhooks/{webhookId}/rotate-secret",
  summary: "Issue a new signing secret; for 24 hours both the new and the previous one sign",
  tag: TAG,
  permission: "webhook.manage",
  params: webhookParams,
});

export const testWebhookRoute = defineRoute({
  method: "POST",
  path: "/webhooks/{webhookId}/test",
  summary: "Send a webhook.test event to this endpoint only",
  tag: TAG,
  permission: "webhook.manage",
  params: webhookParams,
});

export const listDeliveriesRoute = defineRoute({
  method: "GET",
  path: "/webhooks/{webhookId}/deliveries",
  summary: "The delivery log, newest first, with every attempt; filter by status",
  tag: TAG,
  permission: "webhook.read",
  params: webhookParams,
  query: listDeliveriesQuery,
});

export const retryDeliveryRoute = defineRoute({
  method: "POST",
  path: "/webhooks/{webhookId}/deliveries/{deliveryId}/retry",
  summary: "Send one delivery again now (same event id)",
  tag: TAG,
  permission: "webhook.manage",
  params: deliveryParams,
});

export const replayDeliveriesRoute = defineRoute({
  method: "POST",
  path: "/webhooks/{webhookId}/replay",
  summary: "Send again every delivery of this endpoint that failed since a time",
  tag: TAG,
  permission: "webhook.manage",
  params: webhookParams,
  body: replayInput,
});
