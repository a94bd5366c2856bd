import { createHash } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import { ERROR_STATUS } from "@/lib/core/errors";
import { apiRequest, asKey, asSession, type HeaderMap, type RouteHandler } from "../factories";
import { orgChecksum } from "../fuzz/checksum";
import { contentType, hostileCursor, hostileId, hostileJson, hostileString, pathsOf, percentEncode, rawBody, rawQueryValue, replaceAt, unknownKey } from "../fuzz/hostile";
import { PLATFORM } from "../key-factories";
import { PLATFORM_CASES, ROUTE_CASES } from "../routes";
import { createWorld, type World } from "../world";

// docs/security.md, "The fuzz suite": every operation of the OpenAPI document, called with
// hostile values by an owner admin key (or the owner's session), a platform token on platform
// routes. No answer is a 5xx or leaks a stack trace or SQL; every refusal is the error
// envelope and writes nothing. PostgreSQL only (the PGlite project runs without a database URL).
// Replay a failure with FUZZ_SEED=<seed printed in the failure>.

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
/** Runs per operation: the ~60 operations take about a minute on 2 cores. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);

type Operation = { method: string; path: string; params: string[]; query: string[]; bodyFields: string[]; platform: boolean };

function operations(): Operation[] {
  const doc = openApiDocument();
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const o = op as { parameters: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { properties?: object } }> }; security: object[] };
      return {
        method: method.toUpperCase(),
        path,
        params: o.parameters.filter((p) => p.in === "path").map((p) => p.name),
        query: o.parameters.filter((p) => p.in === "query").map((p) => p.name),
        bodyFields: Object.keys(o.requestBody?.content["application/json"]?.schema.properties ?? {}),
        platform: o.security.some((s) => "platformToken" in s),
      };
    }),
  );
}

type Shot = {
  auth: "key" | "session";
  params: Record<string, string>;
  query: [string, string][];
  body: { raw: string | Uint8Array<ArrayBuffer> } | { json: unknown } | null;
  contentType: string | null;
  headers: HeaderMap;
  /** cookies sent before the session's (session runs) */
  cookieJunk: string | null;
};

/** Everything an attacker controls in one request to `op`. */
function shots(op: Operation, w: World, other: World): fc.Arbitrary<Shot> {
  const key = `${op.method} ${op.path}`;
  const own = op.platform ? { invoiceId: w.invoiceId } : (ROUTE_CASES[key]?.params?.(w) ?? {});
  const foreignValues = Object.values(op.platform ? { invoiceId: other.invoiceId } : (ROUTE_CASES[key]?.params?.(other) ?? {}));
  // usage events name the world's team key, so an event that gets through is stored in the world
  const base = key === "POST /usage" ? replaceAt(PLATFORM_CASES[key]!.body, ["events", 0, "keyId"], w.teamKeyId) : op.platform ? PLATFORM_CASES[key]?.body : ROUTE_CASES[key]?.body?.(w);

  const params = fc.record(
    Object.fromEntries(op.params.map((name) => [name, fc.oneof({ weight: 3, arbitrary: fc.constant(own[name] ?? "") }, { weight: 2, arbitrary: hostileId(Object.values(own), foreignValues) })])),
  ) as fc.Arbitrary<Record<string, string>>;

  const queryValue = (name: string) => (name === "cursor" ? hostileCursor([other.project.id, other.teamKeyId]).map(percentEncode) : rawQueryValue);
  const query = fc.array(
    fc.oneof(
      { weight: 4, arbitrary: op.query.length ? fc.constantFrom(...op.query).chain((n) => queryValue(n).map((v): [string, string] => [n, v])) : fc.tuple(unknownKey.map(percentEncode), rawQueryValue) },
      { weight: 1, arbitrary: fc.tuple(unknownKey.map(percentEncode), rawQueryValue) },
    ),
    { maxLength: 4 },
  );

  // a valid body with one value replaced, a key added, known fields set to hostile values, anything
  const start = base ?? {};
  const bodyJson: fc.Arbitrary<unknown> = fc.oneof(
    fc.tuple(fc.constantFrom(...pathsOf(start)), hostileJson).map(([p, v]) => replaceAt(start, p, v)),
    fc.tuple(fc.constantFrom(...pathsOf(start).filter((p) => typeof p.at(-1) !== "number")), unknownKey, hostileJson).map(([p, k, v]) => replaceAt(start, [...p, k], v)),
    op.bodyFields.length ? fc.dictionary(fc.constantFrom(...op.bodyFields), hostileJson, { minKeys: 1 }) : hostileJson,
    hostileJson,
  );
  // numbers JSON can write but JavaScript cannot hold: 1e400 parses as Infinity, big integers lose digits
  const inner = pathsOf(start).filter((p) => p.length > 0);
  const hugeNumber = () =>
    fc
      .tuple(fc.constantFrom(...inner), fc.constantFrom("1e400", "-1e400", "123456789012345678901234567890", "9007199254740993", "-0", "1e-400"))
      .map(([p, n]) => JSON.stringify(replaceAt(start, p, "<number>")).replace('"<number>"', n));
  const body =
    op.method === "GET"
      ? fc.constant(null)
      : fc.oneof(
          { weight: 4, arbitrary: bodyJson.map((json) => ({ json })) },
          { weight: 1, arbitrary: (inner.length ? fc.oneof(rawBody, hugeNumber()) : rawBody).map((raw) => ({ raw })) },
          // an operation without a body takes none: most shots of it send none, to reach the handler
          { weight: base ? 1 : 5, arbitrary: fc.constant(null) },
        );

  // mostly absent, so that most shots get past authentication
  const rarely = <T,>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
  const headers = fc
    .record({
      "x-request-id": rarely(hostileString.map((s) => percentEncode(s).slice(0, 300))),
      "anyint-organization": rarely(fc.constantFrom(other.org.id, other.org.slug, w.org.slug, "org_", "%00")),
    })
    .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== null)) as HeaderMap);
  return fc.record({
    auth: fc.constantFrom<Shot["auth"]>("key", "key", "key", "session"),
    params,
    query,
    body,
    contentType: op.method === "GET" ? fc.constant(null) : contentType,
    headers,
    cookieJunk: rarely(fc.constantFrom("a=%E0%A4%A", "authjs.session-token=%", "authjs.session-token=%ZZ", "__proto__=1", "authjs.session-token=", "=;;=", `x=${"y".repeat(8000)}`)),
  });
}

function toRequest(op: Operation, w: World, shot: Shot): Request {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => percentEncode(shot.params[name] ?? ""));
  const search = shot.query.map(([k, v]) => `${k}=${v}`).join("&");
  const auth = op.platform ? PLATFORM : shot.auth === "key" ? asKey(w.keys.owner) : { ...asSession([shot.cookieJunk, w.cookies.owner].filter(Boolean).join("; ")), origin: "http://localhost", "sec-fetch-site": "same-origin" };
  const headers: HeaderMap = { "user-agent": "fuzz", ...(op.platform ? {} : shot.headers), ...auth };
  if (shot.contentType !== null) headers["content-type"] = shot.contentType;
  const body = shot.body === null ? undefined : "raw" in shot.body ? shot.body.raw : JSON.stringify(shot.body.json);
  return new Request(`http://localhost/api/v1${path}${search ? `?${search}` : ""}`, { method: op.method, headers, body });
}

/** What must never reach a caller: stack frames, file paths, SQL, driver messages. */
const LEAKS = [/\n\s*at \S/, /\bat [\w.<>]+ \(/, /\/work\/|node_modules|\.(ts|js|mjs):\d+/, /\bselect\s/i, /insert into/i, /\brelation\b/i, /syntax error/i, /Failed query/i];

/**
 * Sends one shot and checks the answer. `state` is the organization's checksum before it;
 * refusals must leave it as it was, a success may change it (the next shot starts from there).
 */
async function check(op: Operation, w: World, shot: Shot, state: { checksum: Record<string, string> }) {
  const handler: RouteHandler = (op.platform ? PLATFORM_CASES : ROUTE_CASES)[`${op.method} ${op.path}`]!.handler;
  const res = await handler(toRequest(op, w, shot), { params: Promise.resolve(shot.params) });
  const text = await res.text();
  const before = state.checksum;
  state.checksum = await orgChecksum(w.org.id);
  expect(res.status, text.slice(0, 500)).toBeLessThan(500);
  if (res.status < 400) {
    for (const leak of [LEAKS[0]!, LEAKS[1]!, /Failed query/i]) expect(text).not.toMatch(leak);
    return;
  }
  for (const leak of LEAKS) expect(text.slice(0, 20_000)).not.toMatch(leak);
  const body = JSON.parse(text) as { error: { code: keyof typeof ERROR_STATUS; message: string; requestId: string } };
  expect(body.error).toMatchObject({ code: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
  expect(ERROR_STATUS[body.error.code], body.error.code).toBe(res.status);
  const after = state.checksum;
  expect(Object.keys(before).filter((table) => before[table] !== after[table]), `${res.status} ${body.error.code} wrote to`).toEqual([]);
}

/** A counterexample short enough to read: long strings cut, deep values elided (JSON escapes NUL and unpaired surrogates). */
function shorten(v: unknown, depth = 0): unknown {
  if (typeof v === "string") return v.length > 60 ? `${v.slice(0, 60)}…(${v.length} chars)` : v;
  if (v instanceof Uint8Array) return `bytes ${Buffer.from(v).toString("hex")}`;
  if (!v || typeof v !== "object") return v;
  if (depth > 6) return "…(deeper)";
  if (Array.isArray(v)) return v.map((x) => shorten(x, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shorten(x, depth + 1)]));
}

/** Operations whose success would lock the owner out for the operations after them: each gets an organization of its own. */
const ALONE = new Set(["DELETE /organization", "PATCH /security-policy", "POST /sessions/revoke-all"]);

describe.runIf(inject("databaseUrl"))("fuzzing every operation of the OpenAPI document", () => {
  let w: World;
  let other: World;
  beforeAll(async () => {
    [w, other] = await Promise.all([createWorld(), createWorld()]);
  });

  it("sees a write: a project created changes the checksum of its tables", async () => {
    const before = await orgChecksum(w.org.id);
    const res = await ROUTE_CASES["POST /projects"]!.handler(apiRequest("POST", "/projects", { headers: asKey(w.keys.owner), body: { name: "Checksum canary" } }), { params: Promise.resolve({}) });
    expect(res.status).toBe(201);
    const after = await orgChecksum(w.org.id);
    expect(Object.keys(before).filter((table) => before[table] !== after[table]).sort()).toEqual(expect.arrayContaining(["audit_logs", "projects"]));
  });

  for (const op of operations()) {
    const key = `${op.method} ${op.path}`;
    it(`${key}: no 5xx, no leak, refusals write nothing`, { timeout: 120_000 }, async () => {
      expect(op.platform ? PLATFORM_CASES[key] : ROUTE_CASES[key], `add ${key} to test/routes.ts`).toBeDefined();
      const world = ALONE.has(key) ? await createWorld() : w;
      const state = { checksum: await orgChecksum(world.org.id) };
      // each operation draws its own values from the one seed
      const seed = SEED + createHash("sha256").update(key).digest().readUInt16BE(0);
      const run = await fc.check(fc.asyncProperty(shots(op, world, other), (shot) => check(op, world, shot, state)), { numRuns: RUNS, seed, endOnFailure: true });
      if (run.failed) expect.fail(`${key} failed (replay: FUZZ_SEED=${SEED}, run ${run.counterexamplePath}): ${JSON.stringify(shorten(run.counterexample))}\n${String(run.errorInstance)}`);
    });
  }
});
