// Errors raised by services and translated at the edge (docs/architecture.md).
export const ERROR_STATUS = {
  INVALID_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type FieldError = { path: string; message: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors: FieldError[];
  /** what a person is shown; `message` may carry more detail for logs */
  readonly userMessage: string;

  constructor(
    code: ErrorCode,
    message: string,
    options: { userMessage?: string; cause?: unknown; fieldErrors?: FieldError[] } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = options.fieldErrors ?? [];
    this.userMessage = options.userMessage ?? message;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} was not found.`);

export const invalid = (path: string, message: string) =>
  new AppError("INVALID_REQUEST", `${path}: ${message}`, { fieldErrors: [{ path, message }] });

type ZodLikeIssue = { path: PropertyKey[]; message: string; code?: string; keys?: string[] };

const joinPath = (path: PropertyKey[]) => path.map(String).join(".") || "(body)";

/** A zod error as INVALID_REQUEST naming every bad field (unknown fields included). */
export function fromZodIssues(issues: readonly ZodLikeIssue[]): AppError {
  const fieldErrors = issues.flatMap((i) =>
    i.code === "unrecognized_keys" && i.keys
      ? i.keys.map((k) => ({ path: joinPath([...i.path, k]), message: "is not a known field" }))
      : [{ path: joinPath(i.path), message: i.message }],
  );
  const summary = fieldErrors.map((f) => `${f.path}: ${f.message}`).join("; ");
  return new AppError("INVALID_REQUEST", `Invalid request: ${summary}`, { fieldErrors });
}

/**
 * Unique constraints whose violation names a request field. A service checks these first,
 * but two requests racing past that check meet here instead.
 */
const UNIQUE_FIELDS: Record<string, string> = {
  organizations_slug_unique: "slug",
  projects_organizationId_slug_unique: "slug",
  roles_organization_name: "name",
};

/**
 * Postgres unique violations become CONFLICT, a database that cannot be reached
 * SERVICE_UNAVAILABLE (docs/security.md, Database outage); everything unknown stays unknown.
 */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const lost = findConnectionFailure(error);
  if (lost) {
    return new AppError("SERVICE_UNAVAILABLE", `The database is unreachable (${lost}).`, {
      cause: error,
      userMessage: "The database is unreachable right now. Try again in a moment.",
    });
  }
  const pg = findPgError(error);
  if (pg?.code === "23505") {
    const field = pg.constraint ? UNIQUE_FIELDS[pg.constraint] : undefined;
    return new AppError("CONFLICT", field ? `That ${field} is already taken.` : "That already exists.", {
      cause: error,
      fieldErrors: field ? [{ path: field, message: "is already taken" }] : [],
    });
  }
  return null;
}

/** The driver's error inside drizzle's wrapper: postgres.js says `constraint_name`, PGlite `constraint`. */
function findPgError(error: unknown): { code: string; constraint?: string } | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const { code, constraint, constraint_name } = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown };
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
      const name = constraint_name ?? constraint;
      return { code, constraint: typeof name === "string" ? name : undefined };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Socket errors of the driver (postgres.js passes Node's own) and its CONNECTION_* / CONNECT_TIMEOUT codes. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "CONNECT_TIMEOUT"]);
/** SQLSTATE: admin/crash shutdown, cannot connect now (starting up), too many connections; class 08 is tested apart. */
const UNAVAILABLE_STATES = new Set(["57P01", "57P02", "57P03", "53300"]);

function isConnectionCode(code: string): boolean {
  return SOCKET_CODES.has(code) || code.startsWith("CONNECTION_") || UNAVAILABLE_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code);
}

/**
 * The code (or message) saying the database connection failed, looked for through `cause`
 * (drizzle wraps the driver's error) and AggregateError's `errors` (a host with several
 * addresses). A TypeError is fetch's "fetch failed": another service, not the database.
 */
function findConnectionFailure(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error) || error instanceof TypeError || depth > 5) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && isConnectionCode(code)) return code;
  if (/terminating connection/i.test(error.message)) return "terminating connection";
  const inner = error instanceof AggregateError ? [...(error.errors as unknown[]), error.cause] : [error.cause];
  for (const e of inner) {
    const found = findConnectionFailure(e, depth + 1);
    if (found) return found;
  }
  return undefined;
}
