import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLogs, emailOutbox, notificationPreferences, outboxEvents, webhookEndpoints } from "@/db/schema";
import { emitEvent } from "@/lib/audit/record";
import { createProject } from "@/lib/projects/service";
import { rotateEndpointSecret } from "@/lib/webhooks/service";
import { addMember, createOrg, unique, type OrgFixture } from "../factories";
import { inTransaction } from "../key-factories";
import { attemptsOf, createTestEndpoint, deliveriesOf, dispatchUntil, endpointRow, startReceiver, allowLocalReceivers } from "../webhook-factories";

// Every file that runs a dispatcher shares one PostgreSQL database with the other files, so
// all dispatcher tests live here (webhooks-reliability.test.ts covers restarts and concurrency
// with the same helpers) and every delivery is verified by a standardwebhooks receiver.
allowLocalReceivers("1,1,1");

const emit = (fx: OrgFixture, n = 1, type: "project.updated" | "key.created" = "project.updated") =>
  inTransaction(fx, async (tx) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await emitEvent(tx, fx.org.id, type, { n: i }));
    return ids;
  });

describe("webhook delivery", () => {
  it("writes the event exactly when the change commits, then delivers it signed, verified by standardwebhooks", async () => {
    const fx = await createOrg();
    const receiver = await startReceiver();
    const { endpoint } = await createTestEndpoint(fx, receiver, ["project.*"]);
    const db = await getDb();
    const rolledBack = unique("Rolled back");
    await expect(
      db.transaction(async (tx) => {
        await createProject(tx, fx.ctx, { name: rolledBack });
        throw new Error("the change fails after the event was written");
      }),
    ).rejects.toThrow("the change fails");
    const project = await inTransaction(fx, (tx, ctx) => createProject(tx, ctx, { name: unique("Committed") }));
    const events = await db.select().from(outboxEvents).where(eq(outboxEvents.organizationId, fx.org.id));
    expect(events.filter((e) => JSON.stringify(e.payload).includes(rolledBack))).toEqual([]);
    const created = events.find((e) => e.type === "project.created")!;
    expect(created.payload).toMatchObject({ id: created.id, data: { project: { id: project.id } } });

    await dispatchUntil(() => receiver.received.length > 0);
    const [got] = receiver.received;
    expect(got!.verified).toEqual([true]);
    expect(got!.headers["webhook-id"]).toBe(created.id);
    expect(JSON.parse(got!.body)).toEqual(created.payload);
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 1, lastStatus: 200, eventId: created.id });
    await receiver.close();
  });

  it("fans out to enabled endpoints whose types or groups match, once each", async () => {
    const fx = await createOrg();
    const receiver = await startReceiver();
    const group = await createTestEndpoint(fx, receiver, ["key.*"]);
    const exact = await createTestEndpoint(fx, receiver, ["project.updated", "key.created"]);
    const other = await createTestEndpoint(fx, receiver, ["project.created"]);
    const off = await createTestEndpoint(fx, receiver, ["key.*"]);
    await (await getDb()).update(webhookEndpoints).set({ enabled: false }).where(eq(webhookEndpoints.id, off.endpoint.id));
    const [eventId] = await emit(fx, 1, "key.created");
    await dispatchUntil(() => receiver.received.length >= 2);
    expect((await deliveriesOf(group.endpoint.id)).map((d) => d.eventId)).toEqual([eventId]);
    expect((await deliveriesOf(exact.endpoint.id)).map((d) => d.eventId)).toEqual([eventId]);
    expect(await deliveriesOf(other.endpoint.id)).toEqual([]);
    expect(await deliveriesOf(off.endpoint.id)).toEqual([]);
    expect(receiver.received.every((r) => r.verified.filter(Boolean).length === 1)).toBe(true);
    await receiver.close();
  });

  it("retries on the schedule with the same webhook-id until a 2xx, logging every attempt", async () => {
    const fx = await createOrg();
    let calls = 0;
    const receiver = await startReceiver((_, res) => {
      calls++;
      res.statusCode = calls <= 2 ? 500 : 204;
      res.end(calls <= 2 ? "x".repeat(10_000) : "");
    });
    const { endpoint } = await createTestEndpoint(fx, receiver);
    const [eventId] = await emit(fx);
    await dispatchUntil(async () => (await deliveriesOf(endpoint.id))[0]?.status === "succeeded");
    expect(receiver.ids()).toEqual([eventId, eventId, eventId]);
    expect(receiver.received.every((r) => r.verified[0])).toBe(true);
    const stamps = receiver.received.map((r) => Number(r.headers["webhook-timestamp"]));
    expect(stamps[2]! - stamps[0]!).toBeGreaterThanOrEqual(1);
    const [delivery] = await deliveriesOf(endpoint.id);
    const attempts = await attemptsOf(delivery!.id);
    expect(attempts.map((a) => a.statusCode).sort()).toEqual([204, 500, 500]);
    expect(attempts.find((a) => a.statusCode === 500)!.response).toHaveLength(4096);
    expect(attempts.every((a) => a.durationMs >= 0)).toBe(true);
    expect((await endpointRow(endpoint.id)).failingSince).toBeNull();
    await receiver.close();
  });

  it("gives up after the last retry of the schedule", async () => {
    const fx = await createOrg();
    const receiver = await startReceiver((_, res) => res.writeHead(503).end("down"));
    const { endpoint } = await createTestEndpoint(fx, receiver);
    await emit(fx);
    await dispatchUntil(async () => (await deliveriesOf(endpoint.id))[0]?.status === "failed");
    expect(receiver.received).toHaveLength(4); // the first attempt and 3 retries ("1,1,1")
    expect((await endpointRow(endpoint.id)).failingSince).not.toBeNull();
    await receiver.close();
  });

  it("disables an endpoint that answers 410 Gone, audited and emailed to owners and admins", async () => {
    const fx = await createOrg();
    const admin = await addMember(fx.org.id, "admin");
    const receiver = await startReceiver((_, res) => res.writeHead(410).end());
    const { endpoint } = await createTestEndpoint(fx, receiver);
    await emit(fx, 3);
    await dispatchUntil(async () => !(await endpointRow(endpoint.id)).enabled);
    expect(await endpointRow(endpoint.id)).toMatchObject({ enabled: false, disabledReason: "gone" });
    expect((await deliveriesOf(endpoint.id)).every((d) => d.status === "failed")).toBe(true);
    const db = await getDb();
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.targetId, endpoint.id), eq(auditLogs.action, "webhook.endpoint_disabled")));
    expect(audit).toMatchObject({ actorType: "system", changes: { reason: "gone" } });
    const mail = await db.select().from(emailOutbox).where(and(eq(emailOutbox.organizationId, fx.org.id), eq(emailOutbox.template, "webhook-disabled")));
    expect(mail.map((m) => m.to).sort()).toEqual([admin.email, fx.owner.email].sort());
    await receiver.close();
  });

  it("disables an endpoint failing for 5 days, emailing owners and admins who did not opt out", async () => {
    const fx = await createOrg();
    const [admin, optedOut] = [await addMember(fx.org.id, "admin"), await addMember(fx.org.id, "admin")];
    await addMember(fx.org.id, "security");
    const db = await getDb();
    await db.insert(notificationPreferences).values({ userId: optedOut.id, organizationId: fx.org.id, category: "webhooks", enabled: false });
    const receiver = await startReceiver((_, res) => res.writeHead(500).end());
    const { endpoint } = await createTestEndpoint(fx, receiver);
    const since = new Date(Date.now() - 5 * 24 * 3600_000 - 60_000);
    await db.update(webhookEndpoints).set({ failingSince: since }).where(eq(webhookEndpoints.id, endpoint.id));
    await emit(fx);
    await dispatchUntil(async () => !(await endpointRow(endpoint.id)).enabled);
    expect(await endpointRow(endpoint.id)).toMatchObject({ disabledReason: "failing", failingSince: since });
    const mail = await db.select().from(emailOutbox).where(and(eq(emailOutbox.organizationId, fx.org.id), eq(emailOutbox.template, "webhook-disabled")));
    expect(mail.map((m) => m.to).sort()).toEqual([admin.email, fx.owner.email].sort());
    expect(mail[0]!.props).toMatchObject({ reason: "failing", endpointUrl: receiver.url });
    await receiver.close();
  });

  it("signs with both secrets during a rotation overlap, and with the new one after it", async () => {
    const fx = await createOrg();
    const receiver = await startReceiver();
    const { endpoint } = await createTestEndpoint(fx, receiver);
    const rotated = await inTransaction(fx, (tx, ctx) => rotateEndpointSecret(tx, ctx, endpoint.id));
    receiver.secrets.push(rotated.secret);
    await emit(fx);
    await dispatchUntil(() => receiver.received.length === 1);
    expect(receiver.received[0]!.verified).toEqual([true, true]);
    expect(String(receiver.received[0]!.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    await (await getDb()).update(webhookEndpoints).set({ previousSecretExpiresAt: sql`now() - interval '1 second'` }).where(eq(webhookEndpoints.id, endpoint.id));
    await emit(fx);
    await dispatchUntil(() => receiver.received.length === 2);
    expect(receiver.received[1]!.verified).toEqual([false, true]);
    await receiver.close();
  });
});
