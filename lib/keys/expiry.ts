import { and, gt, isNull, lte, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, type ApiKey } from "@/db/schema";
import { emitEvent } from "@/lib/audit/record";

const DAY = 86_400_000;

function expiryData(k: ApiKey, extra: Record<string, unknown>) {
  return {
    key: {
      id: k.id,
      name: k.name,
      projectId: k.projectId,
      expiresAt: k.expiresAt?.toISOString() ?? null,
      owner: k.ownerServiceAccountId
        ? { type: "service_account", id: k.ownerServiceAccountId }
        : k.ownerUserId
          ? { type: "user", id: k.ownerUserId }
          : null,
    },
    ...extra,
  };
}

/**
 * Emits `key.expiring` 7 days and 1 day before a key expires and `key.expired` once it has.
 * Each notice is claimed by one UPDATE … RETURNING, so concurrent workers never send twice.
 */
export async function sweepKeyExpiry(db: Db, now = new Date()): Promise<number> {
  const at = (ms: number) => new Date(now.getTime() + ms);
  const live = and(isNull(apiKeys.revokedAt), gt(apiKeys.expiresAt, now));
  const notices: { set: Partial<ApiKey>; where: SQL; type: "key.expiring" | "key.expired"; extra: Record<string, unknown> }[] = [
    {
      set: { expiringNotice7At: now },
      where: and(live, gt(apiKeys.expiresAt, at(DAY)), lte(apiKeys.expiresAt, at(7 * DAY)), isNull(apiKeys.expiringNotice7At))!,
      type: "key.expiring",
      extra: { daysBefore: 7 },
    },
    {
      set: { expiringNotice1At: now },
      where: and(live, lte(apiKeys.expiresAt, at(DAY)), isNull(apiKeys.expiringNotice1At))!,
      type: "key.expiring",
      extra: { daysBefore: 1 },
    },
    {
      set: { expiredNotifiedAt: now },
      where: and(isNull(apiKeys.revokedAt), lte(apiKeys.expiresAt, now), isNull(apiKeys.expiredNotifiedAt))!,
      type: "key.expired",
      extra: {},
    },
  ];
  let sent = 0;
  for (const n of notices) {
    sent += await db.transaction(async (tx) => {
      const claimed = await tx.update(apiKeys).set(n.set).where(n.where).returning();
      for (const k of claimed) await emitEvent(tx, k.organizationId, n.type, expiryData(k, n.extra));
      return claimed.length;
    });
  }
  return sent;
}

