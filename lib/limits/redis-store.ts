import type { Redis } from "ioredis";
import { AppError } from "@/lib/core/errors";
import type { AcquireResult, CounterSpec, CounterState, Hold, LimitStore, Settlement } from "./store";

// The limit counters in Redis, shared by every node: the semantics of MemoryLimitStore, each
// call one Lua script (atomic). Keys under the prefix: `c:<key>` a hash per counter (`used`,
// `held`) expiring at its expiresAt, extended while holds need it; `h:<id>` a hash per open
// hold (counter key → amount); `holds` the open hold ids scored by expiresAt. Every call first
// releases up to 100 expired holds. Numbers travel as strings (budgets exceed 2^31).

/** How long a hold's parts outlive its expiry, for a sweep to find them. */
const HOLD_KEEP_MS = 86_400_000;

const LIB = `
local pfx = ARGV[1]
local now = tonumber(ARGV[2])
local function fmt(n)
  if n == math.floor(n) and math.abs(n) < 9007199254740992 then return string.format('%.0f', n) end
  return string.format('%.17g', n)
end
local function num(v) return tonumber(v or '0') end
local function ms(t) return string.format('%.0f', math.ceil(t)) end
-- pushes the key's expiry to at least \`at\`, never earlier
local function extend(k, at)
  local ttl = redis.call('PTTL', k)
  if ttl >= 0 then
    local t = redis.call('TIME')
    if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + ttl >= at then return end
  end
  redis.call('PEXPIREAT', k, ms(at))
end
local function drop(id)
  local hk = pfx .. 'h:' .. id
  local parts = redis.call('HGETALL', hk)
  redis.call('ZREM', pfx .. 'holds', id)
  redis.call('DEL', hk)
  for i = 1, #parts, 2 do
    local ck = pfx .. 'c:' .. parts[i]
    local held = redis.call('HGET', ck, 'held')
    if held then redis.call('HSET', ck, 'held', fmt(math.max(0, tonumber(held) - tonumber(parts[i + 1])))) end
  end
end
local function sweep()
  local ids = redis.call('ZRANGEBYSCORE', pfx .. 'holds', '-inf', ARGV[2], 'LIMIT', 0, 100)
  for _, id in ipairs(ids) do drop(id) end
end
sweep()
`;

// KEYS: the counters. ARGV: prefix, now, hold id ('' for none), hold expiresAt, then per counter
// its raw key, enforce, amount, hold, seeded, seed ('' for none), limit, expiresAt.
// Answers {0, missing indexes (0-based)...} or {1 refused | 2 ok, used, held, ...}.
const ACQUIRE = `${LIB}
local holdId, holdExp = ARGV[3], tonumber(ARGV[4])
local specs, missing = {}, {}
for i = 1, #KEYS do
  local a = 4 + (i - 1) * 8
  local s = { key = ARGV[a + 1], enforce = ARGV[a + 2] == '1', amount = tonumber(ARGV[a + 3]), hold = ARGV[a + 4] == '1',
    seeded = ARGV[a + 5] == '1', seed = tonumber(ARGV[a + 6]), limit = tonumber(ARGV[a + 7]), exp = tonumber(ARGV[a + 8]) }
  specs[i] = s
  if s.seeded and s.seed == nil and redis.call('EXISTS', KEYS[i]) == 0 then missing[#missing + 1] = i - 1 end
end
if #missing > 0 then
  table.insert(missing, 1, 0)
  return missing
end
local states, refused = {}, false
for i, s in ipairs(specs) do
  local v = redis.call('HMGET', KEYS[i], 'used', 'held')
  local used, held = math.max(num(v[1]), s.seed or 0), num(v[2])
  states[i] = { used, held }
  -- the rule of fits() in store.ts
  local taken = used + held
  local fits
  if s.amount > 0 then fits = taken + s.amount <= s.limit else fits = taken < s.limit end
  if s.enforce and not fits then refused = true end
end
-- seeds are kept even when refused: they are PostgreSQL's totals
local created = {}
for i, s in ipairs(specs) do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('HSET', KEYS[i], 'used', fmt(states[i][1]))
  elseif s.seeded or not refused then
    redis.call('HSET', KEYS[i], 'used', fmt(states[i][1]), 'held', '0')
    created[#created + 1] = i
  end
end
local held = {}
if not refused then
  for i, s in ipairs(specs) do
    if s.amount > 0 then
      if not s.hold then redis.call('HSET', KEYS[i], 'used', fmt(num(redis.call('HGET', KEYS[i], 'used')) + s.amount))
      elseif holdId ~= '' and s.enforce then
        redis.call('HSET', KEYS[i], 'held', fmt(num(redis.call('HGET', KEYS[i], 'held')) + s.amount))
        local hk = pfx .. 'h:' .. holdId
        redis.call('HSET', hk, s.key, fmt(num(redis.call('HGET', hk, s.key)) + s.amount))
        held[#held + 1] = i
      end
    end
  end
end
for _, i in ipairs(created) do redis.call('PEXPIREAT', KEYS[i], ms(specs[i].exp)) end
if #held > 0 then
  for _, i in ipairs(held) do extend(KEYS[i], holdExp) end
  redis.call('ZADD', pfx .. 'holds', fmt(holdExp), holdId)
  redis.call('PEXPIREAT', pfx .. 'h:' .. holdId, ms(holdExp + ${HOLD_KEEP_MS}))
  extend(pfx .. 'holds', holdExp + ${HOLD_KEEP_MS})
end
local out = { refused and 1 or 2 }
for i = 1, #states do
  out[#out + 1] = fmt(states[i][1])
  out[#out + 1] = fmt(states[i][2])
end
return out`;

// KEYS: the counters of \`set\` then of \`add\`. ARGV: prefix, now, number of \`set\`, then per
// counter its value (used or amount) and expiresAt, then the hold ids to release.
const SETTLE = `${LIB}
local nSet = tonumber(ARGV[3])
for i = 1, #KEYS do
  local v, exp = tonumber(ARGV[2 + i * 2]), tonumber(ARGV[3 + i * 2])
  local cur = redis.call('HGET', KEYS[i], 'used')
  if not cur then
    redis.call('HSET', KEYS[i], 'used', fmt(v), 'held', '0')
    redis.call('PEXPIREAT', KEYS[i], ms(exp))
  elseif i <= nSet then redis.call('HSET', KEYS[i], 'used', fmt(math.max(tonumber(cur), v)))
  else redis.call('HSET', KEYS[i], 'used', fmt(tonumber(cur) + v)) end
end
for a = 4 + #KEYS * 2, #ARGV do drop(ARGV[a]) end
return 1`;

// ARGV: prefix, now, hold id. Answers 1 when the hold was open.
const RELEASE = `${LIB}
local score = redis.call('ZSCORE', pfx .. 'holds', ARGV[3])
if not score then return 0 end
drop(ARGV[3])
if tonumber(score) <= now then return 0 end
return 1`;

// KEYS: the counters. ARGV: prefix, now. Answers used, held per counter (nil when absent).
const PEEK = `${LIB}
local out = {}
for i = 1, #KEYS do
  local v = redis.call('HMGET', KEYS[i], 'used', 'held')
  out[#out + 1] = v[1]
  out[#out + 1] = v[2]
end
return out`;

type Arg = string | number;
type Scripts = {
  limAcquire(n: number, ...args: Arg[]): Promise<(number | string)[]>;
  limSettle(n: number, ...args: Arg[]): Promise<number>;
  limRelease(n: number, ...args: Arg[]): Promise<number>;
  limPeek(n: number, ...args: Arg[]): Promise<(string | null)[]>;
};

/** An unreachable Redis is an outage the caller can retry (503), not a failure of ours. */
async function reachable<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const lost = error instanceof Error && (error.name === "MaxRetriesPerRequestError" || /Connection is closed|ECONNREFUSED|ETIMEDOUT|ENOTFOUND/.test(error.message));
    if (!lost) throw error;
    throw new AppError("SERVICE_UNAVAILABLE", `The limit counters in Redis are unreachable (${error.message}).`, {
      cause: error,
      userMessage: "Limits cannot be checked right now: their counters are unreachable. Try again in a moment.",
    });
  }
}

const states = (flat: (number | string | null)[]): CounterState[] =>
  Array.from({ length: flat.length / 2 }, (_, i) => ({ used: Number(flat[2 * i]), held: Number(flat[2 * i + 1]) }));

export class RedisLimitStore implements LimitStore {
  private readonly redis: Redis & Scripts;
  constructor(redis: Redis, private readonly prefix = "anyint:lim:") {
    // numberOfKeys omitted: the first argument of each call is the number of keys
    redis.defineCommand("limAcquire", { lua: ACQUIRE });
    redis.defineCommand("limSettle", { lua: SETTLE });
    redis.defineCommand("limRelease", { lua: RELEASE });
    redis.defineCommand("limPeek", { lua: PEEK });
    this.redis = redis as Redis & Scripts;
  }

  private counter(key: string) {
    return `${this.prefix}c:${key}`;
  }

  async acquire(specs: CounterSpec[], hold: Hold | null, now: number): Promise<AcquireResult> {
    const args = specs.flatMap((s) => [s.key, s.enforce ? 1 : 0, s.amount, s.hold ? 1 : 0, s.seeded ? 1 : 0, s.seed ?? "", s.limit, s.expiresAt]);
    const keys = specs.map((s) => this.counter(s.key));
    const [status, ...rest] = await reachable(this.redis.limAcquire(keys.length, ...keys, this.prefix, now, hold?.id ?? "", hold?.expiresAt ?? 0, ...args));
    if (status === 0) return { status: "missing", missing: rest.map(Number) };
    return { status: status === 1 ? "refused" : "ok", states: states(rest) };
  }

  async settle(s: Settlement, now: number): Promise<void> {
    const keys = [...s.set, ...s.add].map((c) => this.counter(c.key));
    const values = [...s.set.map((c) => [c.used, c.expiresAt]), ...s.add.map((c) => [c.amount, c.expiresAt])].flat();
    await reachable(this.redis.limSettle(keys.length, ...keys, this.prefix, now, s.set.length, ...values, ...s.release));
  }

  async release(holdId: string, now: number): Promise<boolean> {
    return (await reachable(this.redis.limRelease(0, this.prefix, now, holdId))) === 1;
  }

  async peek(keys: string[], now: number): Promise<(CounterState | null)[]> {
    const flat = await reachable(this.redis.limPeek(keys.length, ...keys.map((k) => this.counter(k)), this.prefix, now));
    return states(flat).map((st, i) => (flat[2 * i] === null ? null : st));
  }
}
