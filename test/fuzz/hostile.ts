import fc from "fast-check";

// Hostile values for the fuzz suite (test/integration/fuzz-admin-api.test.ts): what an
// attacker would put in a path parameter, a query parameter, a body field or a header.

/** Text PostgreSQL cannot store (NUL, unpaired surrogates) and text that looks like something else. */
const SPECIAL_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\ud83d",
  "\uffff\ufffe",
  "\ufeff",
  "\u202eevil",
  "\u200b",
  "👩‍💻",
  "%00",
  "%ED%A0%80",
  "%C0%80",
  "%",
  "%zz",
  "%252F",
  "../../etc/passwd",
  "..%2F..%2F",
  "' OR 1=1 --",
  "'); drop table projects; --",
  "\\",
  "$1",
  "${process.env}",
  "<script>alert(1)</script>",
  "__proto__",
  "constructor",
  "prototype",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-1",
  "1e309",
  "0x10",
  "true",
  "2026-02-30T25:61:00Z",
  "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00.000Z",
  "0000-00-00",
  "\r\nSet-Cookie: a=b",
];

/** A string with NUL or an unpaired surrogate somewhere inside. */
const poisoned = fc
  .tuple(fc.string({ maxLength: 20 }), fc.constantFrom("\u0000", "\ud800", "\udc00", "\ud83d"), fc.string({ maxLength: 20 }))
  .map(([a, bad, b]) => a + bad + b);

/** Strings past every length limit (the body stays under 1 MiB). */
const huge = fc.constantFrom(10_001, 100_000).chain((n) => fc.constantFrom("a", "\u00e9", "\u0000", "9").map((c) => c.repeat(n)));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 3, arbitrary: poisoned },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: huge },
);

const hostileNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e21),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Objects whose keys try to reach the prototype (as JSON.parse reads them: own keys). */
const prototypeKeys = fc.constantFrom(
  '{"__proto__":{"admin":true,"role":"owner"}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '{"prototype":{"role":"owner"}}',
  '{"toString":"x","valueOf":1,"hasOwnProperty":null}',
);

/** Nesting deeper than any schema (deeper still in rawBody: JSON.stringify stops near 5,000 levels). */
const deepNesting = fc.constantFrom(10, 100, 1_000).map((depth) => JSON.parse("[".repeat(depth) + "]".repeat(depth)) as unknown);

/** Any JSON value an attacker might put where a field is expected. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], [""], ["\u0000"]) },
  { weight: 1, arbitrary: prototypeKeys.map((t) => JSON.parse(t) as unknown) },
  { weight: 1, arbitrary: deepNesting },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 4 }) },
);

/** Keys no schema knows, prototype keys among them. */
export const unknownKey = fc.oneof(fc.constantFrom("__proto__", "constructor", "prototype", "organizationId", "id", "role", "admin", "", "\u0000"), fc.string({ maxLength: 12 }));

/** An id of the right kind, of another organization, or badly formed. */
export function hostileId(own: string[], foreign: string[]): fc.Arbitrary<string> {
  const variants: fc.Arbitrary<string>[] = [hostileString, fc.constantFrom("a".repeat(101), `prj_${"a".repeat(5000)}`, "org_", "key_0", "%2e%2e", "..")];
  if (own.length) variants.push(fc.constantFrom(...own).map((id) => `${id}\u0000`), fc.constantFrom(...own).map((id) => id.toUpperCase()), fc.constantFrom(...own).map((id) => ` ${id}`));
  if (foreign.length) variants.push(fc.constantFrom(...foreign));
  return fc.oneof(...variants);
}

/** Cursors that are not from a previous answer: garbage, foreign rows' ids, crafted base64url. */
export function hostileCursor(foreign: string[]): fc.Arbitrary<string> {
  const crafted = fc
    .oneof(hostileString, fc.constantFrom("2026-01-01T00:00:00.000Z~zz", `1~${"0".repeat(32)}`, "9999-99", "2026-01\u0000", `not a date~${"a".repeat(32)}`))
    .map((s) => Buffer.from(s, "utf8").toString("base64url"));
  return fc.oneof(hostileString, crafted, ...(foreign.length ? [fc.constantFrom(...foreign)] : []));
}

/** `value` percent-encoded as a browser would (UTF-8), with unpaired surrogates as the bytes a client might send. */
export function percentEncode(value: string): string {
  if (value.isWellFormed()) return encodeURIComponent(value);
  let out = "";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) out += "%ED%A0%80";
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** A query value on the wire: encoded, or raw odd encodings (bad escapes, overlong UTF-8, encoded NUL). */
export const rawQueryValue = fc.oneof(
  { weight: 4, arbitrary: hostileString.map(percentEncode) },
  { weight: 1, arbitrary: fc.constantFrom("%", "%zz", "%00", "%C0%80", "%ED%A0%80", "%FF%FE", "a+b", "%2B", "%25%30%30", "[]", "a&b") },
);

/** Bodies that are not JSON, not an object, too deep, too big, or not UTF-8. */
export const rawBody: fc.Arbitrary<string | Uint8Array<ArrayBuffer>> = fc.oneof(
  fc.constantFrom(
    "",
    "not json",
    "{",
    '{"name":',
    "[1,2,3]",
    "null",
    "true",
    '"a string"',
    "123",
    "1e400",
    '{"a":1e400}',
    "\ufeff{}",
    "{}garbage",
    '{"a":1,"a":2}',
    "[".repeat(100_000) + "]".repeat(100_000),
    `{"name":${"[".repeat(50_000)}${"]".repeat(50_000)}}`,
    '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000),
    `{"name":"${"x".repeat(1_100_000)}"}`,
  ),
  prototypeKeys,
  fc.constantFrom(new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]), new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0x80, 0x22, 0x7d]), new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d])),
);

/** Content types other than JSON, JSON with odd parameters, and none at all. */
export const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      null,
      "",
      "text/plain",
      "text/plain;charset=utf-8",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/json; charset=utf-16",
      "application/jsonx",
      "application/vnd.api+json",
      "APPLICATION/JSON",
      "application/xml",
      "*/*",
    ),
  },
);

/** Paths to every value inside `value` (objects and arrays), the root included. */
export function pathsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...at, i])));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  return out;
}

/** A copy of `value` with the value at `path` replaced (own properties, even `__proto__`). */
export function replaceAt(value: unknown, path: (string | number)[], next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  Object.defineProperty(copy, head!, { value: replaceAt(copy[head!], rest, next), enumerable: true, writable: true, configurable: true });
  return copy;
}
