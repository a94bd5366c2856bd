import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signedHeaders } from "./signing";

describe("webhook signing", () => {
  it("makes whsec_ secrets of 32 random bytes", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it("signs per Standard Webhooks: the library verifies it unchanged", () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ id: "evt_1", type: "key.created" });
    const headers = signedHeaders("evt_1", body, [secret]);
    expect(headers["webhook-id"]).toBe("evt_1");
    expect(Number(headers["webhook-timestamp"])).toBeCloseTo(Date.now() / 1000, -1);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
  });

  it("sends one signature per secret during a rotation overlap, each verifying alone", () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const body = "{}";
    const headers = signedHeaders("evt_2", body, [current, previous]);
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
  });
});
