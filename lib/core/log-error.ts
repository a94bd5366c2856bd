// Logs an unexpected error for the operator without the values a failed query carried
// (docs/security.md, Logs): drizzle's DrizzleQueryError repeats its parameters in its message
// and stack ("params: …"), postgres.js attaches `parameters` and `args`, PostgreSQL's `detail`
// quotes row values and some of its messages quote the offending input. We keep the error's
// name, code, message, SQL text and stack frames, drop those fields, and blank out any
// parameter value that still shows up in the text.

const REDACTED = "[redacted]";
/** shorter values would blank out unrelated text ("$1", "id"); they identify no one on their own */
const MIN_SCRUBBED_LENGTH = 4;
const MAX_CAUSES = 5;

type ErrorLike = { name?: unknown; code?: unknown; message?: unknown; query?: unknown; stack?: unknown; cause?: unknown };

/**
 * The text `logUnexpected` prints for `error` and its causes, with no parameter value in it;
 * `stack: false` leaves out the frames (one line per error, for a one-line log).
 */
export function describeError(error: unknown, options: { stack?: boolean } = {}): string {
  const values = new Set<string>();
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSES && current !== undefined && current !== null; depth++) {
    if (typeof current !== "object") {
      parts.push(String(current));
      break;
    }
    collectValues(current as Record<string, unknown>, values);
    parts.push(describeOne(current as ErrorLike, options.stack ?? true));
    current = (current as ErrorLike).cause;
  }
  return scrub(parts.join(options.stack === false ? "; caused by: " : "\ncaused by: "), values);
}

/** Prints an unexpected error under the request (or job) it broke, without personal data. */
export function logUnexpected(requestId: string, where: string, error: unknown): void {
  console.error(`[${requestId}] ${where}: ${describeError(error)}`);
}

function describeOne(e: ErrorLike, withStack: boolean): string {
  // DrizzleQueryError leaves `name` at "Error": its class names it
  const name = typeof e.name === "string" && e.name !== "Error" ? e.name : e.constructor?.name || "Error";
  const code = typeof e.code === "string" || typeof e.code === "number" ? ` (${e.code})` : "";
  const message = typeof e.message === "string" ? withoutParams(e.message) : "";
  const sql = typeof e.query === "string" && !message.includes(e.query) ? ` [sql: ${e.query}]` : "";
  const frames = withStack && typeof e.stack === "string" ? e.stack.split("\n").filter((line) => /^\s+at /.test(line)) : [];
  return [`${name}${code}: ${message}${sql}`, ...frames].join("\n");
}

/** DrizzleQueryError: "Failed query: <sql>\nparams: <values>" */
function withoutParams(message: string): string {
  const at = message.indexOf("\nparams:");
  return at === -1 ? message : message.slice(0, at);
}

function collectValues(e: Record<string, unknown>, into: Set<string>): void {
  for (const key of ["params", "parameters", "args"]) {
    const list = e[key];
    if (Array.isArray(list)) for (const value of list) addValue(value, into);
  }
}

function addValue(value: unknown, into: Set<string>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) return value.forEach((v) => addValue(v, into));
  const text = value instanceof Date ? value.toISOString() : typeof value === "object" ? jsonOf(value) : String(value);
  if (text && text.length >= MIN_SCRUBBED_LENGTH) into.add(text);
}

function jsonOf(value: object): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined; // a BigInt inside: its parts are still scrubbed if they were parameters
  }
}

function scrub(text: string, values: Set<string>): string {
  // longest first, so a value containing another is blanked out whole
  for (const value of [...values].sort((a, b) => b.length - a.length)) text = text.split(value).join(REDACTED);
  return text;
}
