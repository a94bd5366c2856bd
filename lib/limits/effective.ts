import type { Queryable } from "@/db/client";
import { rateLimiter } from "@/lib/keys/rate-limit";
import { loadCurrentKeyRecord, type KeyRecord } from "@/lib/keys/record";
import { loadKey } from "@/lib/keys/service";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { chainCounters, type LimitRef } from "./counters";
import { minuteOf } from "./periods";
import { usedFrom } from "./seeds";
import { fits, limitStore, type CounterState } from "./store";

// What the chain of a key holds right now, for a model (docs/limits.md, "Seeing it"): every
// limit with used, held and remaining, and the one that decides. Nothing is counted or held.

export type EffectiveLimit = {
  level: LimitRef["level"];
  kind: LimitRef["kind"];
  period?: LimitRef["period"];
  window?: LimitRef["window"];
  model: string | null;
  mode: LimitRef["mode"];
  limit: number;
  used: number;
  held: number;
  remaining: number;
  resetAt: string;
  /** no room left: an enforce limit refuses the next verification, a monitor limit would */
  exhausted: boolean;
  /** the enforce limit with the least room left: it refuses first */
  deciding: boolean;
};

function entry(ref: LimitRef, state: CounterState): EffectiveLimit {
  return {
    level: ref.level,
    kind: ref.kind,
    ...(ref.period ? { period: ref.period } : { window: ref.window }),
    model: ref.model,
    mode: ref.mode,
    limit: ref.limit,
    used: state.used,
    held: state.held,
    remaining: Math.max(0, ref.limit - state.used - state.held),
    resetAt: new Date(ref.span.end).toISOString(),
    exhausted: !fits(state, { limit: ref.limit, amount: 0 }),
    deciding: false,
  };
}

/** The chain of a loaded record, in level order (key, project, organization). */
export async function chainLimits(db: Queryable, record: KeyRecord, model: string | undefined, now = Date.now()): Promise<EffectiveLimit[]> {
  const counters = chainCounters(record.organizationId, record.limits, { model, costMicros: 0, tokens: 0 }, now, true);
  const states = await limitStore().peek(counters.map((c) => c.spec.key), now);
  const limits = await Promise.all(
    counters.map(async (c, i) => entry(c.ref, states[i] ?? { used: c.source ? await usedFrom(db, c.source) : 0, held: 0 })),
  );
  if (record.rateLimitPerMinute) {
    const d = await rateLimiter().peek(record.keyId, record.rateLimitPerMinute, now);
    const span = minuteOf(now);
    limits.unshift(entry({ level: "key", targetId: record.keyId, kind: "requests", period: null, window: "minute", model: null, mode: "enforce", limit: d.limit, span, name: "rateLimitPerMinute" }, { used: d.limit - d.remaining, held: 0 }));
  }
  let best = -1;
  limits.forEach((l, i) => {
    if (l.mode !== "enforce") return;
    if (best === -1 || l.remaining / l.limit < limits[best]!.remaining / limits[best]!.limit) best = i;
  });
  if (best !== -1) limits[best]!.deciding = true;
  return limits;
}

/** GET /keys/{keyId}/effective-limits?model= */
export async function effectiveLimits(db: Queryable, ctx: RequestContext, keyId: string, model?: string) {
  await loadKey(db, ctx.principal.organizationId, keyId); // NOT_FOUND for other organizations
  const record = await loadCurrentKeyRecord(db, keyId);
  if (!record) throw new AppError("NOT_FOUND", "Key was not found.");
  return { keyId, model: model ?? null, limits: await chainLimits(db, record, model) };
}
