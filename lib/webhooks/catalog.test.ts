import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "@/lib/events/catalog";
import { areaOf, EVENT_DESCRIPTIONS, isValidSubscription, matchesEventTypes } from "./catalog";
import { samplePayload } from "./samples";
import { eventTypesSchema } from "./schemas";

describe("the webhook event catalog", () => {
  it("describes every event type, with an area and a sample payload of the documented shape", () => {
    for (const type of EVENT_TYPES) {
      expect(EVENT_DESCRIPTIONS[type], type).toMatch(/\.$/);
      expect(areaOf(type), type).toBeDefined();
      expect(samplePayload(type)).toMatchObject({ id: expect.stringMatching(/^evt_/), type, timestamp: expect.any(String), organizationId: expect.stringMatching(/^org_/), data: expect.any(Object) });
      expect(JSON.stringify(samplePayload(type)), type).not.toMatch(/whsec_|anyint_sk_[A-Za-z0-9]{30}/);
    }
  });

  it("matches types and groups", () => {
    expect(matchesEventTypes("key.created", ["key.*"])).toBe(true);
    expect(matchesEventTypes("key.created", ["key.created"])).toBe(true);
    expect(matchesEventTypes("key.created", ["project.*", "key.revoked"])).toBe(false);
    expect(matchesEventTypes("security.admin_key.created", ["security.*"])).toBe(true);
    expect(matchesEventTypes("billing.invoice.paid", ["billing.invoice.*"])).toBe(true);
    expect(matchesEventTypes("keyring.x", ["key.*"])).toBe(false);
  });

  it("accepts catalog types and groups only, never webhook.test", () => {
    expect(isValidSubscription("member.*")).toBe(true);
    expect(isValidSubscription("invite.revoked")).toBe(true);
    expect(isValidSubscription("nope.*")).toBe(false);
    expect(isValidSubscription("key.create")).toBe(false);
    expect(isValidSubscription("webhook.test")).toBe(false);
    expect(isValidSubscription("*")).toBe(false);
    expect(eventTypesSchema.parse(["key.*", "key.*", "project.created"])).toEqual(["key.*", "project.created"]);
    expect(eventTypesSchema.safeParse([]).success).toBe(false);
  });
});
