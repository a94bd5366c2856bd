import { beforeAll, describe, expect, it } from "vitest";
import { POST as retry } from "@/app/api/v1/webhooks/[webhookId]/deliveries/[deliveryId]/retry/route";
import { GET as deliveries } from "@/app/api/v1/webhooks/[webhookId]/deliveries/route";
import { POST as replay } from "@/app/api/v1/webhooks/[webhookId]/replay/route";
import { PATCH as update } from "@/app/api/v1/webhooks/[webhookId]/route";
import { POST as test } from "@/app/api/v1/webhooks/[webhookId]/test/route";
import { apiRequest, asKey, auditRows, call, createOrg, createTestAdminKey, type HeaderMap, type OrgFixture } from "../factories";
import { createTestEndpoint, deliveriesOf, dispatchUntil, startReceiver, allowLocalReceivers, type Receiver } from "../webhook-factories";

allowLocalReceivers("1,1,1");

let fx: OrgFixture;
let owner: HeaderMap;
let receiver: Receiver;
let failing = false;
beforeAll(async () => {
  fx = await createOrg();
  owner = asKey((await createTestAdminKey(fx, "owner")).secret);
  receiver = await startReceiver((_, res) => res.writeHead(failing ? 500 : 200).end(failing ? "broken" : "thanks"));
  return () => receiver.close();
});

const at = (webhookId: string, deliveryId?: string) => ({ webhookId, ...(deliveryId ? { deliveryId } : {}) });
const sendTest = (id: string) => call(test, apiRequest("POST", `/webhooks/${id}/test`, { headers: owner }), at(id));
const log = (id: string, query = "") => call(deliveries, apiRequest("GET", `/webhooks/${id}/deliveries${query}`, { headers: owner }), at(id));

describe("the delivery log", () => {
  it("sends webhook.test to that endpoint only and logs each attempt with time, status, duration and answer", async () => {
    const { endpoint } = await createTestEndpoint(fx, receiver, ["project.*"]);
    const { endpoint: bystander } = await createTestEndpoint(fx, receiver, ["key.*", "project.*"]);
    const sent = await sendTest(endpoint.id);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ id: expect.stringMatching(/^whd_/), eventType: "webhook.test", status: "pending" });
    await dispatchUntil(() => receiver.received.some((r) => r.id === sent.body.eventId));
    const got = receiver.received.find((r) => r.id === sent.body.eventId)!;
    expect(got.type).toBe("webhook.test");
    expect(got.verified).toContain(true);
    expect(await deliveriesOf(bystander.id)).toEqual([]);

    const res = await log(endpoint.id);
    expect(res.status).toBe(200);
    expect(res.body.data[0]).toMatchObject({ id: sent.body.id, status: "succeeded", attemptCount: 1, lastStatus: 200 });
    expect(res.body.data[0].attempts).toEqual([
      { id: expect.stringMatching(/^wha_/), createdAt: expect.any(String), statusCode: 200, durationMs: expect.any(Number), response: "thanks", error: null },
    ]);
    expect((await auditRows(fx.org.id)).find((a) => a.action === "webhook.test" && a.targetId === endpoint.id)).toBeDefined();
  });

  it("filters by outcome, retries one failed delivery and replays every failure since a time", async () => {
    const { endpoint } = await createTestEndpoint(fx, receiver, ["project.*"]);
    failing = true;
    const first = (await sendTest(endpoint.id)).body;
    const second = (await sendTest(endpoint.id)).body;
    await dispatchUntil(async () => (await deliveriesOf(endpoint.id)).every((d) => d.status === "failed"));
    const failed = await log(endpoint.id, "?status=failed");
    expect(failed.body.data.map((d: { id: string }) => d.id).sort()).toEqual([first.id, second.id].sort());
    expect(failed.body.data[0].attempts).toHaveLength(4);
    expect(failed.body.data[0].attempts[0]).toMatchObject({ statusCode: 500, response: "broken", error: "The endpoint answered 500." });
    expect((await log(endpoint.id, "?status=succeeded")).body.data).toEqual([]);
    expect((await log(endpoint.id, "?status=lost")).status).toBe(400);

    failing = false;
    const retried = await call(retry, apiRequest("POST", `/webhooks/${endpoint.id}/deliveries/${first.id}/retry`, { headers: owner }), at(endpoint.id, first.id));
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe("pending");
    const again = await call(retry, apiRequest("POST", `/webhooks/${endpoint.id}/deliveries/${first.id}/retry`, { headers: owner }), at(endpoint.id, first.id));
    expect(again.status).toBe(409);
    await dispatchUntil(async () => (await deliveriesOf(endpoint.id)).some((d) => d.status === "succeeded"));
    const page = (await log(endpoint.id)).body.data;
    expect(page.find((d: { id: string }) => d.id === first.id)).toMatchObject({ status: "succeeded", attemptCount: 5 });
    expect(page.find((d: { id: string }) => d.id === second.id)).toMatchObject({ status: "failed" });

    const since = new Date(Date.now() - 60_000).toISOString();
    const replayed = await call(replay, apiRequest("POST", `/webhooks/${endpoint.id}/replay`, { headers: owner, body: { since } }), at(endpoint.id));
    expect(replayed.body).toEqual({ replayed: 1 });
    await dispatchUntil(async () => (await deliveriesOf(endpoint.id)).every((d) => d.status === "succeeded"));
    const audit = (await auditRows(fx.org.id)).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(["webhook.delivery_retried", "webhook.deliveries_replayed"]));
  });

  it("pages through the log newest first", async () => {
    const { endpoint } = await createTestEndpoint(fx, receiver, ["project.*"]);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await sendTest(endpoint.id)).body.id);
    const one = await log(endpoint.id, "?limit=2");
    expect(one.body.data.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1]]);
    const two = await log(endpoint.id, `?limit=2&cursor=${one.body.nextCursor}`);
    expect(two.body).toEqual({ data: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
  });

  it("refuses to send to a disabled endpoint", async () => {
    const { endpoint } = await createTestEndpoint(fx, receiver, ["project.*"]);
    await call(update, apiRequest("PATCH", `/webhooks/${endpoint.id}`, { headers: owner, body: { enabled: false } }), at(endpoint.id));
    const res = await sendTest(endpoint.id);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/disabled/);
  });
});
