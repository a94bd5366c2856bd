import { z } from "zod";
import { isValidSubscription } from "./catalog";
import { checkEndpointUrl } from "./url-safety";

export const endpointUrl = z
  .string()
  .trim()
  .min(1, "is required")
  .max(2000, "must be at most 2000 characters")
  .superRefine((value, ctx) => {
    const check = checkEndpointUrl(value);
    if (!check.ok) ctx.addIssue({ code: "custom", message: check.reason });
  });

export const eventTypesSchema = z
  .array(z.string().max(100).refine(isValidSubscription, "is not an event type or group of the catalog"))
  .min(1, "must name at least one event type")
  .max(100, "must have at most 100 entries")
  .transform((list) => [...new Set(list)]);

const description = z.string().trim().max(500, "must be at most 500 characters");

export const createEndpointInput = z.strictObject({
  url: endpointUrl,
  eventTypes: eventTypesSchema,
  description: description.optional(),
  enabled: z.boolean().optional(),
});

export const updateEndpointFields = z.strictObject({
  url: endpointUrl.optional(),
  eventTypes: eventTypesSchema.optional(),
  description: description.optional(),
  enabled: z.boolean().optional(),
});

export const updateEndpointInput = updateEndpointFields.refine((v) => Object.keys(v).length > 0, "must change at least one field");

const limit = z.coerce.number().int().min(1, "must be 1 to 100").max(100, "must be 1 to 100").default(20);

export const listEndpointsQuery = z.strictObject({ limit, cursor: z.string().max(200).optional() });

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

export const listDeliveriesQuery = z.strictObject({
  limit,
  cursor: z.string().max(200).optional(),
  status: z.enum(DELIVERY_STATUSES, { message: "must be pending, succeeded or failed" }).optional(),
});

export const replayInput = z.strictObject({
  since: z.iso
    .datetime({ offset: true, message: "must be an ISO-8601 date and time" })
    .refine((v) => new Date(v).getTime() <= Date.now(), "must not be in the future"),
});

const id = z.string().min(1).max(100);
export const endpointIdInput = z.strictObject({ webhookId: id });
export const deliveryIdInput = z.strictObject({ webhookId: id, deliveryId: id });
