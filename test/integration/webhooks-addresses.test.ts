import dns from "node:dns";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { PATCH as update } from "@/app/api/v1/webhooks/[webhookId]/route";
import { POST as create } from "@/app/api/v1/webhooks/route";
import { getDb } from "@/db/client";
import { webhookEndpoints } from "@/db/schema";
import { emitEvent } from "@/lib/audit/record";
import { apiRequest, asKey, call, createOrg, orgState, type HeaderMap, type OrgFixture } from "../factories";
import { inTransaction } from "../key-factories";
import { allowLocalReceivers, attemptsOf, createTestEndpoint, deliveriesOf, dispatchUntil, startReceiver } from "../webhook-factories";
import { createWorld, type World } from "../world";

// IPv6 addresses that carry an internal IPv4 address, tried as an attacker would: saved through
// the Admin API, and met at delivery time (stored before the check existed, or from DNS).

allowLocalReceivers("1,1,1");

const EMBEDDED = [
  "https://[::127.0.0.1]/hook",
  "https://[::7f00:1]/hook",
  "https://[::ffff:0:7f00:1]/hook",
  "https://[64:ff9b::a9fe:a9fe]/latest/meta-data",
  "https://[64:ff9b:1::a00:1]/hook",
  "https://[2002:a9fe:a9fe::]/hook",
  "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook",
];

const post = (headers: HeaderMap, body: unknown) => call(create, apiRequest("POST", "/webhooks", { headers, body }));
const patch = (headers: HeaderMap, id: string, body: unknown) =>
  call(update, apiRequest("PATCH", `/webhooks/${id}`, { headers, body }), { webhookId: id });

let w: World;
beforeAll(async () => {
  w = await createWorld();
});

describe("saving an endpoint whose IPv6 address embeds an internal IPv4 address", () => {
  it.each(EMBEDDED)("refuses %s on create and on update, writing nothing", async (url) => {
    const owner = asKey(w.keys.owner);
    const before = await orgState(w.org.id);
    const created = await post(owner, { url, eventTypes: ["key.*"] });
    expect([created.status, created.body.error.details]).toEqual([400, [{ path: "url", message: expect.stringMatching(/points to an? (loopback|private|link-local)/) }]]);
    const updated = await patch(owner, w.webhookId, { url });
    expect(updated.status).toBe(400);
    expect(await orgState(w.org.id)).toEqual(before);
  });
});

const emit = (fx: OrgFixture) => inTransaction(fx, (tx) => emitEvent(tx, fx.org.id, "project.updated", {}));

/** Delivers one event to `url` (stored as is, bypassing the save-time check) and returns its attempt. */
async function deliverTo(url: (port: string) => string) {
  const fx = await createOrg();
  const receiver = await startReceiver();
  const { endpoint } = await createTestEndpoint(fx, receiver);
  await (await getDb()).update(webhookEndpoints).set({ url: url(new URL(receiver.url).port) }).where(eq(webhookEndpoints.id, endpoint.id));
  await emit(fx);
  await dispatchUntil(async () => (await deliveriesOf(endpoint.id))[0]?.attempts === 1);
  const [attempt] = await attemptsOf((await deliveriesOf(endpoint.id))[0]!.id);
  await receiver.close();
  return { attempt, received: receiver.received };
}

describe("delivering to an IPv6 address that embeds an internal IPv4 address", () => {
  afterEach(() => vi.restoreAllMocks());

  it("refuses a stored IPv4-compatible or IPv4-translated literal without connecting", async () => {
    for (const host of ["[::7f00:1]", "[::ffff:0:7f00:1]"]) {
      const { attempt, received } = await deliverTo((port) => `https://${host}:${port}/hook`);
      expect(attempt, host).toMatchObject({ statusCode: null, error: expect.stringMatching(/^Refused: .*loopback/) });
      expect(received).toEqual([]);
    }
  });

  it("refuses a named host whose DNS answer is such an address", async () => {
    const real = dns.lookup;
    vi.spyOn(dns, "lookup").mockImplementation(((hostname: string, options: unknown, callback: (...a: unknown[]) => void) => {
      if (hostname !== "hooks.attacker.test") return (real as (...a: unknown[]) => void)(hostname, options, callback);
      callback(null, [{ address: "::7f00:1", family: 6 }]);
    }) as typeof dns.lookup);
    const { attempt, received } = await deliverTo((port) => `https://hooks.attacker.test:${port}/hook`);
    expect(attempt).toMatchObject({ statusCode: null, error: "Refused: hooks.attacker.test resolves to a loopback address (::7f00:1)" });
    expect(received).toEqual([]);
  });
});
