import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

// Standard Webhooks signing (docs/architecture.md (Webhooks and notifications)): `webhook-id` is the event id (the same on every
// retry), `webhook-timestamp` the Unix seconds of this attempt, `webhook-signature` one
// `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` per live secret, separated by spaces.

/** A new endpoint secret: `whsec_` + 32 random bytes, base64 (the library's format). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** The headers of one attempt, signed with every given secret (two during a rotation overlap). */
export function signedHeaders(eventId: string, body: string, secrets: readonly string[], at = new Date()) {
  const signature = secrets.map((secret) => new Webhook(secret).sign(eventId, at, body)).join(" ");
  return {
    "webhook-id": eventId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
  };
}
