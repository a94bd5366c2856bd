import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { onPostgres, POSTGRES_ONLY } from "../databases";
import { getDb } from "@/db/client";
import { apiKeys, outboxEvents } from "@/db/schema";
import { sweepKeyExpiry } from "@/lib/keys/expiry";
import { createOrg, createTestProject } from "../factories";
import { createTeamKey } from "../key-factories";

const DAY = 86_400_000;

async function eventsFor(keyId: string, type: string) {
  const db = await getDb();
  const rows = await db.select().from(outboxEvents).where(eq(outboxEvents.type, type));
  return rows.filter((r) => (r.payload as { data: { key: { id: string } } }).data.key.id === keyId);
}

describe("key expiry notices", () => {
  it("emits key.expiring 7 days and 1 day before, then key.expired, each once", async () => {
    const fx = await createOrg();
    const project = await createTestProject(fx);
    const expiresAt = new Date(Date.now() + 30 * DAY);
    const { key } = await createTeamKey(fx, project.id, { expiresAt: expiresAt.toISOString() });
    const db = await getDb();

    await sweepKeyExpiry(db, new Date(expiresAt.getTime() - 8 * DAY));
    expect(await eventsFor(key.id, "key.expiring")).toHaveLength(0);

    await sweepKeyExpiry(db, new Date(expiresAt.getTime() - 7 * DAY + 1000));
    await sweepKeyExpiry(db, new Date(expiresAt.getTime() - 6 * DAY));
    const seven = await eventsFor(key.id, "key.expiring");
    expect(seven.map((e) => (e.payload as { data: { daysBefore: number } }).data.daysBefore)).toEqual([7]);

    await sweepKeyExpiry(db, new Date(expiresAt.getTime() - DAY + 1000));
    await sweepKeyExpiry(db, new Date(expiresAt.getTime() - 1000));
    const both = await eventsFor(key.id, "key.expiring");
    expect(both.map((e) => (e.payload as { data: { daysBefore: number } }).data.daysBefore).sort()).toEqual([1, 7]);

    await sweepKeyExpiry(db, new Date(expiresAt.getTime() + 1000));
    await sweepKeyExpiry(db, new Date(expiresAt.getTime() + 2000));
    const expired = await eventsFor(key.id, "key.expired");
    expect(expired).toHaveLength(1);
    expect(expired[0]!.payload).toMatchObject({ type: "key.expired", organizationId: fx.org.id, data: { key: { id: key.id, expiresAt: expiresAt.toISOString() } } });
  });

  // the conditional update that claims the notice decides which sweep sends it: a race only where transactions overlap
  it.skipIf(!onPostgres)(`emits key.expired once when two sweeps run at once ${POSTGRES_ONLY}`, async () => {
    const fx = await createOrg();
    const project = await createTestProject(fx);
    const expiresAt = new Date(Date.now() + 30 * DAY);
    const { key } = await createTeamKey(fx, project.id, { expiresAt: expiresAt.toISOString() });
    const db = await getDb();
    await Promise.all([sweepKeyExpiry(db, new Date(expiresAt.getTime() + 1000)), sweepKeyExpiry(db, new Date(expiresAt.getTime() + 2000))]);
    expect(await eventsFor(key.id, "key.expired")).toHaveLength(1);
  });

  it("sends nothing for revoked keys or keys without expiry", async () => {
    const fx = await createOrg();
    const project = await createTestProject(fx);
    const { key: noExpiry } = await createTeamKey(fx, project.id, {});
    const { key: revoked } = await createTeamKey(fx, project.id, { expiresAt: new Date(Date.now() + 2 * DAY).toISOString() });
    const db = await getDb();
    await db.update(apiKeys).set({ revokedAt: new Date() }).where(and(eq(apiKeys.id, revoked.id)));
    await sweepKeyExpiry(db, new Date(Date.now() + 3 * DAY));
    expect(await eventsFor(noExpiry.id, "key.expired")).toHaveLength(0);
    expect(await eventsFor(revoked.id, "key.expiring")).toHaveLength(0);
    expect(await eventsFor(revoked.id, "key.expired")).toHaveLength(0);
  });
});
