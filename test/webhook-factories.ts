import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll } from "vitest";
import { getDb, type Db } from "@/db/client";
import { outboxEvents, webhookAttempts, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { emitEvent } from "@/lib/audit/record";
import { readEnv } from "@/lib/env";
import { fanOutEvents } from "@/lib/webhooks/fan-out";
import { DeliveryPump } from "@/lib/webhooks/pump";
import { createEndpointInput } from "@/lib/webhooks/schemas";
import { createEndpoint } from "@/lib/webhooks/service";
import type { OrgFixture } from "./factories";
import { inTransaction } from "./key-factories";

// Webhook receivers and helpers. Receivers listen on 127.0.0.1, which WEBHOOK_ALLOWED_HOSTS
// allows for the files that call allowLocalReceivers(); every file delivering uses the same env, so
// a dispatcher of another test file (same PostgreSQL database) delivers alike.

const g = globalThis as { __anyintEnv?: unknown };

export function allowLocalReceivers(schedule = "1,1,1") {
  beforeAll(() => {
    g.__anyintEnv = readEnv({ ...process.env, WEBHOOK_ALLOWED_HOSTS: "127.0.0.1", WEBHOOK_RETRY_SCHEDULE: schedule });
  });
  afterAll(() => {
    g.__anyintEnv = undefined;
  });
}

export type Received = { headers: IncomingHttpHeaders; body: string; id: string; type: string; verified: boolean[] };
type Answer = (req: Received, res: ServerResponse) => void;

/**
 * A receiver built on the `standardwebhooks` library: each request is verified with every
 * secret in `secrets` (`verified[i]` for secrets[i]) and recorded; `answer` decides the reply
 * (200 by default; leave the response open to hang).
 */
export async function startReceiver(answer: Answer = (_, res) => res.end("ok")) {
  const received: Received[] = [];
  const receiver = {
    secrets: [] as string[],
    received,
    answer,
    url: "",
    ids: () => received.map((r) => r.id),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const verified = receiver.secrets.map((secret) => {
        try {
          new Webhook(secret).verify(body, req.headers as Record<string, string>);
          return true;
        } catch {
          return false;
        }
      });
      const parsed = JSON.parse(body) as { id: string; type: string };
      const r: Received = { headers: req.headers, body, id: parsed.id, type: parsed.type, verified };
      received.push(r);
      receiver.answer(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** An endpoint of the organization, created through the real service; the receiver learns its secret. */
export async function createTestEndpoint(fx: OrgFixture, receiver: Receiver | string, eventTypes = ["project.*"], ctx = fx.ctx) {
  const url = typeof receiver === "string" ? receiver : receiver.url;
  const input = createEndpointInput.parse({ url, eventTypes });
  const created = await inTransaction(fx, (tx, c) => createEndpoint(tx, c, input), ctx);
  if (typeof receiver !== "string") receiver.secrets.push(created.secret);
  return created;
}

/** Fans out every pending event, then sends every due delivery once and waits for the answers. */
export async function dispatchOnce(db?: Db) {
  const d = db ?? (await getDb());
  while ((await fanOutEvents(d)) > 0);
  const pump = new DeliveryPump();
  await pump.tick(d);
  await pump.drain();
}

/** Dispatches until `done()` holds (another file's dispatcher may take some of the work). */
export async function dispatchUntil(done: () => Promise<boolean> | boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("dispatchUntil: timed out");
    await dispatchOnce();
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function deliveriesOf(endpointId: string) {
  const db = await getDb();
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
}

export async function attemptsOf(deliveryId: string) {
  const db = await getDb();
  return db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, deliveryId));
}

export async function endpointRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row!;
}

/** A delivery of a `webhook.test` event that failed, written directly (no dispatcher involved). */
export async function failedDelivery(fx: OrgFixture, endpointId: string) {
  return inTransaction(fx, async (tx) => {
    const eventId = await emitEvent(tx, fx.org.id, "webhook.test", { message: "test" });
    await tx.update(outboxEvents).set({ dispatchedAt: new Date() }).where(eq(outboxEvents.id, eventId));
    const [d] = await tx
      .insert(webhookDeliveries)
      .values({ organizationId: fx.org.id, endpointId, eventId, eventType: "webhook.test", status: "failed", attempts: 1 })
      .returning();
    return d!;
  });
}
