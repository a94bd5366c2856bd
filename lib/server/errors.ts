// Errors raised by services and translated at the edge (spec/api.md).
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
};

/** Postgres unique violations become CONFLICT; everything unknown stays unknown. */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
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
