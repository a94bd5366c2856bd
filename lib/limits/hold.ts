import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { newId } from "@/lib/core/ids";
import { formatMicros } from "@/lib/models/price";
import { chainCounters, type ChainCounter, type LimitRef } from "./counters";
import { monitorRefusals } from "./monitor";
import { PERIOD_ADJECTIVES } from "./periods";
import { reserveCost } from "./prices";
import type { Chain } from "./rules";
import { usedFrom } from "./seeds";
import { fits, limitStore, type CounterState } from "./store";

// The limits step of verification (docs/limits.md): every limit of the key's chain in one
// atomic step of the store; with a reserve, its cost and tokens are held until the usage
// event settles them, the platform releases them, or they expire.

export type Reserve = { inputTokens: number; outputTokens: number };
export type LimitAnswer = {
  level: LimitRef["level"];
  kind: LimitRef["kind"];
  period?: LimitRef["period"];
  window?: LimitRef["window"];
  model?: string;
  limit: number;
  used: number;
  held: number;
  resetAt: string;
};

export type LimitOutcome =
  | { ok: true; holdId: string | null; holdExpiresAt: string | null }
  | { ok: false; code: "BUDGET_EXCEEDED" | "RATE_LIMITED"; message: string; limit: LimitAnswer };

export const holdTtlMs = () => env().HOLD_TTL_SECONDS * 1000;

export function limitAnswer(ref: LimitRef, state: CounterState): LimitAnswer {
  return {
    level: ref.level,
    kind: ref.kind,
    ...(ref.period ? { period: ref.period } : { window: ref.window }),
    ...(ref.model ? { model: ref.model } : {}),
    limit: ref.limit,
    used: state.used,
    held: state.held,
    resetAt: new Date(ref.span.end).toISOString(),
  };
}

/** The failing limit with the least room left, budgets first on a tie: the one that decides. */
export function decidingIndex(counters: ChainCounter[], states: CounterState[], enforceOnly: boolean): number {
  let best = -1;
  let bestRoom = Infinity;
  counters.forEach((c, i) => {
    if ((enforceOnly && !c.spec.enforce) || fits(states[i]!, c.spec)) return;
    const room = (c.spec.limit - states[i]!.used - states[i]!.held) / c.spec.limit;
    if (room < bestRoom) [best, bestRoom] = [i, room];
  });
  return best;
}

/** An amount of a limit as people read it: "$1.25", "3,000 tokens". */
export const amountText = (kind: LimitRef["kind"], n: number) => (kind === "budget" ? formatMicros(n) : `${n.toLocaleString("en-US")} ${kind}`);

export function refusalMessage(ref: LimitRef, state: CounterState): string {
  const what = ref.kind === "budget" ? `${PERIOD_ADJECTIVES[ref.period!]} budget` : `limit of ${amountText(ref.kind, ref.limit)} per ${ref.window}${ref.model ? ` for ${ref.model}` : ""}`;
  const counted = `${amountText(ref.kind, state.used)} used${state.held > 0 ? ` and ${amountText(ref.kind, state.held)} held` : ""}`;
  const limit = ref.kind === "budget" ? ` of ${formatMicros(ref.limit)}` : "";
  return `The ${ref.level}'s ${what}${limit} has no room for this call (${counted}) until ${new Date(ref.span.end).toISOString()}.`;
}

/** Holds a verification against its chain; answers the refusal of the deciding limit, or the hold. */
export async function holdAgainstChain(organizationId: string, chain: Chain, model: string | undefined, reserve: Reserve | undefined, now: number): Promise<LimitOutcome> {
  const costMicros = reserve && model ? ((await reserveCost(model, reserve.inputTokens, reserve.outputTokens, now)) ?? 0) : 0;
  const tokens = reserve ? reserve.inputTokens + reserve.outputTokens : 0;
  const counters = chainCounters(organizationId, chain, { model, costMicros, tokens }, now);
  const hold = reserve ? { id: newId("hold"), expiresAt: now + holdTtlMs() } : null;
  const answered = { ok: true as const, holdId: hold?.id ?? null, holdExpiresAt: hold ? new Date(hold.expiresAt).toISOString() : null };
  if (counters.length === 0) return answered;

  const store = limitStore();
  const specs = counters.map((c) => c.spec);
  let result = await store.acquire(specs, hold, now);
  if (result.status === "missing") {
    const db = await getDb();
    await Promise.all(result.missing.map(async (i) => (specs[i]!.seed = await usedFrom(db, counters[i]!.source!))));
    result = await store.acquire(specs, hold, now);
  }
  if (result.status === "missing") throw new Error("limit counters were seeded and still missing");
  if (result.status === "refused") {
    const i = decidingIndex(counters, result.states, true);
    const ref = counters[i]!.ref;
    return { ok: false, code: ref.kind === "budget" ? "BUDGET_EXCEEDED" : "RATE_LIMITED", message: refusalMessage(ref, result.states[i]!), limit: limitAnswer(ref, result.states[i]!) };
  }
  const states = result.states;
  counters.forEach((c, i) => {
    if (!c.spec.enforce && !fits(states[i]!, c.spec)) monitorRefusals().note(organizationId, c.ref, now);
  });
  return answered;
}
