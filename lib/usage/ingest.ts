import { getDb } from "@/db/client";
import { findUnstorableText, UNSTORABLE_TEXT } from "@/lib/core/storable-text";
import { applyKeyChange, notifyKeyChange } from "@/lib/keys/invalidation";
import { loadPriceBook } from "@/lib/models/prices";
import { settleBudgets, settleTokens, type FreshUsage } from "@/lib/limits/settle";
import { limitStore } from "@/lib/limits/store";
import { logUnexpected } from "@/lib/core/log-error";
import { newRequestId } from "@/lib/core/request";
import { costMicros } from "./cost";
import { keyScopes } from "./key-scopes";
import { REJECTION_CODES, usageEventSchema, type UsageEvent } from "./schemas";
import { storeEvents, type PricedEvent } from "./store";

export type Rejection = { index: number; id: string | null; code: (typeof REJECTION_CODES)[number]; message: string };
export type IngestAnswer = { accepted: number; duplicates: number; rejected: Rejection[] };

const MAX_AHEAD_MS = 5 * 60_000;
const MAX_AGE_MS = 35 * 86_400_000;

const idOf = (raw: unknown) => {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : null;
};

/**
 * POST /usage: each event is checked on its own, in this order: its shape (INVALID_EVENT),
 * its time (TIMESTAMP_OUT_OF_RANGE: more than 5 minutes ahead or 35 days old), its key
 * (UNKNOWN_KEY) and its model's price at that time (UNKNOWN_MODEL). The others are priced
 * and stored in one transaction with the rollups and the settlement of budgets, so totals
 * and verification reflect them when this returns; the holds they name are settled then
 * (docs/limits.md).
 */
export async function ingestUsage(batch: unknown[], now = Date.now()): Promise<IngestAnswer> {
  const rejected: Rejection[] = [];
  const valid: { index: number; event: UsageEvent; at: number }[] = [];
  batch.forEach((raw, index) => {
    const unstorable = findUnstorableText(raw);
    if (unstorable !== null) {
      const id = idOf(raw);
      rejected.push({ index, id: id && findUnstorableText(id) === null ? id : null, code: "INVALID_EVENT", message: `${unstorable}: ${UNSTORABLE_TEXT}` });
      return;
    }
    const parsed = usageEventSchema.safeParse(raw);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join(".") || "(event)"}: ${i.code === "unrecognized_keys" ? `${i.keys.join(", ")} is not a known field` : i.message}`).join("; ");
      rejected.push({ index, id: idOf(raw), code: "INVALID_EVENT", message });
      return;
    }
    const at = Date.parse(parsed.data.timestamp);
    if (at > now + MAX_AHEAD_MS || at < now - MAX_AGE_MS) {
      const message = "timestamp must be at most 5 minutes ahead of the server's clock and at most 35 days old";
      rejected.push({ index, id: parsed.data.id, code: "TIMESTAMP_OUT_OF_RANGE", message });
      return;
    }
    valid.push({ index, event: parsed.data, at });
  });

  const db = await getDb();
  const [scopes, prices] = await Promise.all([keyScopes(db, valid.map((v) => v.event.keyId)), loadPriceBook(db)]);
  const byId = new Map<string, PricedEvent>();
  const holdIds = new Set<string>();
  let repeated = 0;
  for (const { index, event: e, at } of valid) {
    const scope = scopes.get(e.keyId);
    if (!scope) {
      rejected.push({ index, id: e.id, code: "UNKNOWN_KEY", message: `No team key has the id ${e.keyId}.` });
      continue;
    }
    const price = prices.at(e.model, at);
    if (!price) {
      rejected.push({ index, id: e.id, code: "UNKNOWN_MODEL", message: `${e.model} has no catalog price at ${e.timestamp}.` });
      continue;
    }
    if (e.holdId) holdIds.add(e.holdId); // settled by this event, or by the earlier copy of it
    const key = `${scope.organizationId}\u0000${e.id}`;
    if (byId.has(key)) {
      repeated++; // the same id twice in one batch counts once
      continue;
    }
    byId.set(key, {
      ...scope,
      eventId: e.id,
      occurredAt: e.timestamp, // ISO-8601 with its offset: PostgreSQL reads it as is
      keyId: e.keyId,
      model: e.model,
      inputTokens: e.inputTokens,
      outputTokens: e.outputTokens,
      costMicros: costMicros(e.inputTokens, e.outputTokens, price),
      requestId: e.requestId ?? null,
    });
  }
  rejected.sort((a, b) => a.index - b.index);
  if (byId.size === 0) {
    await settleCounters({ set: [], add: [], release: [...holdIds] }, now);
    return { accepted: 0, duplicates: repeated, rejected };
  }

  const events = [...byId.values()];
  const { accepted, settlement, changed } = await db.transaction(async (tx) => {
    const stored = await storeEvents(tx, events);
    const targets = targetsOf(stored.fresh);
    const budgets = await settleBudgets(tx, targets, now);
    const tokens = await settleTokens(tx, stored.fresh, targets, now);
    for (const c of budgets.changed) await notifyKeyChange(tx, { kind: c.level, id: c.id });
    return { accepted: stored.accepted, settlement: { set: [...budgets.set, ...tokens.set], add: tokens.add, release: [...holdIds] }, changed: budgets.changed };
  });
  // committed: the counters take PostgreSQL's totals as the holds are released, in one step
  await settleCounters(settlement, now);
  for (const c of changed) applyKeyChange({ kind: c.level, id: c.id });
  return { accepted, duplicates: events.length - accepted + repeated, rejected };
}

function targetsOf(fresh: FreshUsage[]) {
  const distinct = (f: (u: FreshUsage) => string) => [...new Set(fresh.map(f))];
  return { organizations: distinct((u) => u.organizationId), projects: distinct((u) => u.projectId), keys: distinct((u) => u.keyId) };
}

/**
 * The events are stored whatever happens here: when the counters cannot be reached, their
 * holds expire and the counters are rebuilt from the rollups (docs/limits.md).
 */
async function settleCounters(settlement: Parameters<ReturnType<typeof limitStore>["settle"]>[0], now: number) {
  if (settlement.set.length + settlement.add.length + settlement.release.length === 0) return;
  try {
    await limitStore().settle(settlement, now);
  } catch (error) {
    logUnexpected(newRequestId(), "settling limit counters after ingest", error);
  }
}
