import { getDb } from "@/db/client";
import { holdAgainstChain, type LimitAnswer } from "@/lib/limits/hold";
import { limitStore } from "@/lib/limits/store";
import { effectiveModels } from "@/lib/models/match";
import { catalogIds } from "@/lib/models/service";
import { keyCache } from "./cache";
import { RECORD_CHECKS, type VerifyCode, type VerifyInput } from "./checks";
import { hashSecret, isWellFormed } from "./format";
import { keyFilter } from "./key-filter";
import { lastUsed } from "./last-used";
import { rateLimiter } from "./rate-limit";
import { loadKeyRecord, type KeyRecord } from "./record";

export type VerifyAnswer =
  | {
      valid: true;
      code: "VALID";
      keyId: string;
      organizationId: string;
      projectId: string;
      environment: string;
      owner: KeyRecord["owner"];
      allowedModels: string[] | null;
      ratelimit: { limit: number; remaining: number; resetAt: string } | null;
      expiresAt: string | null;
      /** with a reserve: the hold to settle with the usage event (docs/limits.md) */
      holdId?: string;
      holdExpiresAt?: string;
    }
  | {
      valid: false;
      code: Exclude<VerifyCode, "VALID">;
      message: string;
      keyId?: string;
      organizationId?: string;
      projectId?: string;
      environment?: string;
      /** BUDGET_EXCEEDED and RATE_LIMITED by a limit of the chain: the limit that decided */
      limit?: LimitAnswer;
      ratelimit?: { limit: number; remaining: number; resetAt: string };
    };

const NOT_FOUND: VerifyAnswer = { valid: false, code: "NOT_FOUND", message: "This key is not known: check that it was copied whole." };

type Refusal = Extract<VerifyAnswer, { valid: false }>;

function refused(code: Exclude<VerifyCode, "VALID">, message: string, r: KeyRecord): Refusal {
  return { valid: false, code, message, keyId: r.keyId, organizationId: r.organizationId, projectId: r.projectId, environment: r.environment };
}

/**
 * The cached record of a secret; a malformed one never reaches the cache or the database,
 * nor does a well-formed one that the filter of known hashes has never seen.
 */
export async function findKeyRecord(secret: string): Promise<KeyRecord | null> {
  if (!isWellFormed(secret, "team")) return null;
  const hash = hashSecret(secret);
  const cache = keyCache();
  const cached = cache.get(hash);
  if (cached !== undefined) return cached;
  if (!(await keyFilter().mayExist(hash))) return null;
  const generation = cache.mark();
  const record = await loadKeyRecord(await getDb(), hash);
  cache.set(hash, record, generation);
  return record;
}

// The effective model list of a cached record, computed once per catalog (the catalog Set is
// replaced when it reloads), not on every verification.
const effectiveByRecord = new WeakMap<KeyRecord, { catalog: ReadonlySet<string>; models: string[] | null }>();

function allowedModelsOf(record: KeyRecord, catalog: ReadonlySet<string>): string[] | null {
  const memo = effectiveByRecord.get(record);
  if (memo?.catalog === catalog) return memo.models;
  const models = effectiveModels([...catalog], record.models);
  effectiveByRecord.set(record, { catalog, models });
  return models;
}

/** POST /keys/verify: every check in the order of docs/api.md; the first failure decides. */
export async function verifyKey(input: VerifyInput, now = Date.now()): Promise<VerifyAnswer> {
  const record = await findKeyRecord(input.key);
  if (!record) return NOT_FOUND;
  const catalog = await catalogIds(undefined, now);
  for (const check of RECORD_CHECKS) {
    const result = check.run(record, input, now, catalog);
    if (!result.passed) return refused(check.code, result.message, record);
  }
  const held = await holdAgainstChain(record.organizationId, record.limits, input.model, input.reserve, now);
  if (!held.ok) return { ...refused(held.code, held.message, record), limit: held.limit };
  let ratelimit: Extract<VerifyAnswer, { valid: true }>["ratelimit"] = null;
  if (record.rateLimitPerMinute) {
    const d = await rateLimiter().hit(record.keyId, record.rateLimitPerMinute, now);
    ratelimit = { limit: d.limit, remaining: d.remaining, resetAt: new Date(d.resetAt).toISOString() };
    if (!d.allowed) {
      if (held.holdId) await limitStore().release(held.holdId, now);
      return { ...refused("RATE_LIMITED", `The key's limit of ${d.limit} requests per minute is reached until ${ratelimit.resetAt}.`, record), ratelimit };
    }
  }
  lastUsed().note(record.keyId, input.ip ?? null, now);
  return {
    valid: true,
    code: "VALID",
    keyId: record.keyId,
    organizationId: record.organizationId,
    projectId: record.projectId,
    environment: record.environment,
    owner: record.owner,
    allowedModels: allowedModelsOf(record, catalog),
    ratelimit,
    expiresAt: record.expiresAt ? new Date(record.expiresAt).toISOString() : null,
    ...(held.holdId ? { holdId: held.holdId, holdExpiresAt: held.holdExpiresAt! } : {}),
  };
}
