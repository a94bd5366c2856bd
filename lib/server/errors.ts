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

/** Postgres unique violations become CONFLICT; everything unknown stays unknown. */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const pgCode = findPgCode(error);
  if (pgCode === "23505") return new AppError("CONFLICT", "That already exists.", { cause: error });
  return null;
}

function findPgCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
