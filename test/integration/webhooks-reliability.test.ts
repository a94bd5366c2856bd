import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { onPostgres, POSTGRES_ONLY } from "../databases";
import { currentDriver, getDb, openDriver, wrapDriver, type Db } from "@/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { emitEvent } from "@/lib/audit/record";
import { claimDueDeliveries, LEASE_SECONDS } from "@/lib/webhooks/deliver";
import { fanOutEvents } from "@/lib/webhooks/fan-out";
import { DeliveryPump } from "@/lib/webhooks/pump";
import { createOrg, type OrgFixture } from "../factories";
import { inTransaction } from "../key-factories";
import { attemptsOf, createTestEndpoint, deliveriesOf, dispatchOnce, dispatchUntil, startReceiver, allowLocalReceivers } from "../webhook-factories";

allowLocalReceivers("1,1,1");

const emit = (fx: OrgFixture, n = 1) =>
  inTransaction(fx, async (tx) => {
    for (let i = 0; i < n; i++) await emitEvent(tx, fx.org.id, "project.updated", { n: i });
  });

const setDelivery = async (id: string, values: Partial<typeof webhookDeliveries.$inferInsert>) =>
  (await getDb()).update(webhookDeliveries).set(values).where(eq(webhookDeliveries.id, id));

describe("webhook delivery across restarts", () => {
  it("retakes a delivery whose worker crashed once its lease expires, and never before", async () => {
    const fx = await createOrg();
    const receiver = await startReceiver();
    const { endpoint } = await createTestEndpoint(fx, receiver);
    await emit(fx);
    while ((await fanOutEvents(await getDb())) > 0);
    const [delivery] = await deliveriesOf(endpoint.id);
    // a worker claimed it, then died before answering
    await setDelivery(delivery!.id, { lockedUntil: new Date(Date.now() + 60_000) });
    await dispatchOnce();
    expect(receiver.received).toEqual([]);
    await setDelivery(delivery!.id, { lockedUntil: new Date(Date.now() - 1000) });
    await dispatchUntil(() => receiver.received.length === 1);
    expect((await deliveriesOf(endpoint.id))[0]).toMatchObject({ status: "succeeded", attempts: 1, lockedUntil: null });
    await receiver.close();
  });

  it("sends a delivery in the middle of its retry schedule from a fresh dispatcher once it is due", async () => {
    const fx = await createOrg();
    let calls = 0;
    const receiver = await startReceiver((_, res) => res.writeHead(++calls === 1 ? 500 : 200).end());
    const { endpoint } = await createTestEndpoint(fx, receiver);
    await emit(fx);
    await dispatchUntil(async () => (await deliveriesOf(endpoint.id))[0]?.attempts === 1);
    const [waiting] = await deliveriesOf(endpoint.id);
    expect(waiting).toMatchObject({ status: "pending", lastStatus: 500 });
    expect(waiting!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() - 1000);
    // the old process is gone; a new one starts with nothing in memory
    await dispatchUntil(async () => (await deliveriesOf(endpoint.id))[0]?.status === "succeeded");
    expect(receiver.ids()).toEqual([waiting!.eventId, waiting!.eventId]);
    expect((await attemptsOf(waiting!.id)).map((a) => a.statusCode).sort()).toEqual([200, 500]);
    await receiver.close();
  });
});

describe("after a crash", () => {
  it("frees the endpoint's in-flight cap held by a dead worker within seconds, so waiting deliveries resume", async () => {
    const fx = await createOrg();
    const receiver = await startReceiver();
    const { endpoint } = await createTestEndpoint(fx, receiver);
    const db = await getDb();
    await emit(fx, 5);
    while ((await fanOutEvents(db)) > 0);
    // a worker claims the endpoint's full cap of 3 and is killed before any answer is recorded
    const crashedAt = Date.now();
    const dead = await claimDueDeliveries(db, 100, 3);
    expect(dead).toHaveLength(3);
    const leased = (await deliveriesOf(endpoint.id)).filter((d) => d.lockedUntil);
    expect(leased.map((d) => d.id).sort()).toEqual(dead.map((d) => d.id).sort());
    // the restarted process: a new pump, ticking like the background loop
    const pump = new DeliveryPump({ maxInFlight: 100, perEndpoint: 3 });
    const ticking = setInterval(() => void pump.tick(db), 250);
    try {
      await pump.tick(db);
      expect(receiver.received).toEqual([]); // the cap is still held right after the crash
      await expect.poll(() => receiver.received.length, { timeout: (LEASE_SECONDS + 5) * 1000, interval: 100 }).toBe(5);
    } finally {
      clearInterval(ticking);
      await pump.drain();
    }
    expect(Date.now() - crashedAt).toBeLessThan((LEASE_SECONDS + 5) * 1000);
    expect(new Set(receiver.ids()).size).toBe(5);
    expect((await deliveriesOf(endpoint.id)).every((d) => d.status === "succeeded" && d.attempts === 1 && d.lockedUntil === null)).toBe(true);
    await receiver.close();
  }, 30_000);

  it("keeps renewing the lease of an attempt that runs longer than the lease, so no other worker sends it again", async () => {
    const fx = await createOrg();
    const receiver = await startReceiver((_, res) => setTimeout(() => res.end("ok"), (LEASE_SECONDS + 3) * 1000));
    const { endpoint } = await createTestEndpoint(fx, receiver);
    const db = await getDb();
    await emit(fx);
    while ((await fanOutEvents(db)) > 0);
    const [running, other] = [new DeliveryPump(), new DeliveryPump()];
    await running.tick(db);
    await expect.poll(() => receiver.received.length).toBe(1);
    const deadline = Date.now() + (LEASE_SECONDS + 2) * 1000;
    while (Date.now() < deadline) {
      await other.tick(db);
      await new Promise((r) => setTimeout(r, 250));
    }
    await Promise.all([running.drain(), other.drain()]);
    expect(receiver.received).toHaveLength(1);
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 1, lockedUntil: null });
    await receiver.close();
  }, 30_000);
});

describe("two dispatchers at once", () => {
  let second: { db: Db; close: () => Promise<void> } | null = null;
  afterAll(() => second?.close());

  // the claims (FOR UPDATE SKIP LOCKED) decide: a race only between overlapping transactions of two pools
  it.skipIf(!onPostgres)(`never send the same attempt twice (separate PostgreSQL connection pools) ${POSTGRES_ONLY}`, async () => {
    const db = await getDb();
    const driver = currentDriver();
    if (driver.kind === "postgres") {
      const other = await openDriver({ databaseUrl: driver.url });
      second = { db: await wrapDriver(other), close: () => (other.kind === "postgres" ? other.client.end() : Promise.resolve()) };
    }
    const fx = await createOrg();
    const receiver = await startReceiver((_, res) => setTimeout(() => res.end("ok"), 5));
    const { endpoint } = await createTestEndpoint(fx, receiver);
    await createTestEndpoint(fx, receiver); // a second endpoint, so both caps are in play
    await emit(fx, 60);
    while ((await fanOutEvents(db)) > 0);
    const workers = [new DeliveryPump({ maxInFlight: 8, perEndpoint: 4 }), new DeliveryPump({ maxInFlight: 8, perEndpoint: 4 })];
    const dbs = [db, second?.db ?? db];
    const deadline = Date.now() + 15_000;
    const claimed = [0, 0];
    while (receiver.received.length < 120 && Date.now() < deadline) {
      await Promise.all(workers.map(async (w, i) => (claimed[i]! += await w.tick(dbs[i]!))));
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all(workers.map((w) => w.drain()));
    const perDelivery = new Map<string, number>();
    for (const r of receiver.received) {
      const key = `${r.id} ${r.verified.indexOf(true)}`;
      perDelivery.set(key, (perDelivery.get(key) ?? 0) + 1);
    }
    expect(receiver.received).toHaveLength(120);
    if (second) expect(claimed.every((n) => n > 0)).toBe(true); // both took part (PGlite has one connection)
    expect([...perDelivery.values()].every((n) => n === 1)).toBe(true);
    expect(receiver.received.every((r) => r.verified.filter(Boolean).length === 1)).toBe(true);
    const deliveries = await deliveriesOf(endpoint.id);
    expect(deliveries.every((d) => d.status === "succeeded" && d.attempts === 1)).toBe(true);
    await receiver.close();
  });
});

describe("a hanging endpoint", () => {
  it("does not delay deliveries to another endpoint", async () => {
    const fx = await createOrg();
    const hanging = await startReceiver(() => {}); // never answers
    const fast = await startReceiver();
    const h = await createTestEndpoint(fx, hanging);
    await createTestEndpoint(fx, fast);
    const db = await getDb();
    const pump = new DeliveryPump({ maxInFlight: 100, perEndpoint: 3 });
    await emit(fx, 5);
    while ((await fanOutEvents(db)) > 0);
    const started = Date.now();
    await pump.tick(db);
    await expect.poll(() => fast.received.length, { timeout: 3000 }).toBe(5);
    // more events while the hanging endpoint still holds its slots
    await emit(fx, 2);
    while ((await fanOutEvents(db)) > 0);
    await pump.tick(db);
    await expect.poll(() => fast.received.length, { timeout: 3000 }).toBe(7);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await deliveriesOf(h.endpoint.id)).some((d) => d.status === "succeeded")).toBe(false);
    // its cap: 3 at a time (checked on PGlite, where no other test file's dispatcher races for the same rows)
    if (currentDriver().kind === "pglite") expect(hanging.received).toHaveLength(3);
    await hanging.close(); // its attempts end as connection errors, to be retried
    await pump.drain();
    await fast.close();
    const attempts = (await Promise.all((await deliveriesOf(h.endpoint.id)).map((d) => attemptsOf(d.id)))).flat();
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.every((a) => a.statusCode === null && a.error)).toBe(true);
  });
});

describe("SSRF at delivery time", () => {
  it("refuses a named host resolving to an internal address, without connecting", async () => {
    const fx = await createOrg();
    const receiver = await startReceiver();
    const { endpoint } = await createTestEndpoint(fx, receiver);
    // as if DNS changed after the URL was saved: localhost resolves to 127.0.0.1, not allowlisted by name
    await (await getDb()).update(webhookEndpoints).set({ url: receiver.url.replace("http://127.0.0.1", "https://localhost") }).where(eq(webhookEndpoints.id, endpoint.id));
    await emit(fx);
    await dispatchUntil(async () => (await deliveriesOf(endpoint.id))[0]?.attempts === 1);
    const [attempt] = await attemptsOf((await deliveriesOf(endpoint.id))[0]!.id);
    expect(attempt).toMatchObject({ statusCode: null, error: expect.stringMatching(/^Refused: .*loopback/) });
    expect(receiver.received).toEqual([]);
    await receiver.close();
  });

  it("does not follow a redirect to an internal address", async () => {
    const fx = await createOrg();
    const redirecting = await startReceiver((_, res) => res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end());
    const { endpoint } = await createTestEndpoint(fx, redirecting);
    await emit(fx);
    await dispatchUntil(async () => (await deliveriesOf(endpoint.id))[0]?.attempts === 1);
    const [attempt] = await attemptsOf((await deliveriesOf(endpoint.id))[0]!.id);
    expect(attempt).toMatchObject({ statusCode: 302, error: "Redirects are not followed." });
    expect(redirecting.received).toHaveLength(1);
    await redirecting.close();
  });
});
