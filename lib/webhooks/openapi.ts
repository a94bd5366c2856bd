import { EVENT_TYPES } from "@/lib/events/catalog";
import { areaOf, EVENT_DESCRIPTIONS } from "./catalog";
import { samplePayload } from "./samples";

const header = (name: string, description: string) => ({ name, in: "header", required: true, description, schema: { type: "string" } });

const envelope = {
  type: "object",
  required: ["id", "type", "timestamp", "organizationId", "data"],
  properties: {
    id: { type: "string", description: "The event id (evt_…), also sent as webhook-id; the same on every retry" },
    type: { type: "string", enum: [...EVENT_TYPES] },
    timestamp: { type: "string", format: "date-time" },
    organizationId: { type: "string" },
    data: { type: "object", description: "The object after the change (never a secret); for updates, `changes` with previous values" },
  },
};

/** The event catalog as the OpenAPI 3.1 `webhooks` section: one POST per event type, with a sample. */
export function webhooksDocument() {
  const parameters = [
    header("webhook-id", "The event id; use it to ignore duplicates"),
    header("webhook-timestamp", "Unix seconds of this attempt"),
    header("webhook-signature", "Space-separated `v1,<base64 HMAC-SHA256 of \"id.timestamp.body\">`, one per live secret"),
  ];
  return Object.fromEntries(
    EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          summary: EVENT_DESCRIPTIONS[type],
          tags: [`Events: ${areaOf(type).label}`],
          parameters,
          requestBody: { required: true, content: { "application/json": { schema: envelope, example: samplePayload(type) } } },
          responses: { "2XX": { description: "Received. Any other answer, or none within 15 s, is retried on the schedule." } },
        },
      },
    ]),
  );
}
