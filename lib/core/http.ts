import { AppError, toAppError, type ErrorCode, type FieldError } from "./errors";
import { logUnexpected } from "./log-error";

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: status === 204 ? headers : { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

export function errorResponse(code: ErrorCode, message: string, requestId: string, details: FieldError[] = [], status?: number) {
  const answer = status ?? new AppError(code, message).status;
  const headers: Record<string, string> = { "x-request-id": requestId };
  if (RETRY_AFTER_SECONDS[answer]) headers["retry-after"] = String(RETRY_AFTER_SECONDS[answer]);
  return json({ error: { code, message, requestId, ...(details.length ? { details } : {}) } }, answer, headers);
}

/** Any thrown value as the error envelope; unknown errors are logged and masked. */
export function toErrorResponse(error: unknown, requestId: string): Response {
  const known = toAppError(error);
  if (known) return errorResponse(known.code, known.userMessage, requestId, known.fieldErrors);
  logUnexpected(requestId, "route handler", error);
  return errorResponse("INTERNAL_ERROR", "Something went wrong on our side. Quote the request id if you contact support.", requestId);
}

/** Seconds a caller is asked to wait, by status: rate limited, database unreachable. */
export const RETRY_AFTER_SECONDS: Record<number, number> = { 429: 60, 503: 5 };

export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = (limit: number) => new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${limit / 1024 / 1024} MiB.`);

/**
 * Reads a body up to `limit` bytes: a declared Content-Length over it is refused before a byte
 * is read, and a streamed body is cancelled the moment it passes the limit (413).
 */
export async function readBodyLimited(req: Request, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = req.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= limit)) throw tooLarge(limit);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Whether a Content-Type names JSON (application/json or application/*+json). */
export const isJsonType = (type: string | null) => !!type && /^application\/(.+\+)?json\s*(;|$)/i.test(type.trim());

/** Reads a JSON body: 415 when not JSON, 413 over 1 MiB, 400 when it does not parse. */
export async function readJsonBody(req: Request): Promise<unknown> {
  if (!isJsonType(req.headers.get("content-type"))) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with Content-Type: application/json.");
  }
  const buf = await readBodyLimited(req);
  try {
    return JSON.parse(buf.toString("utf8"));
  } catch {
    throw new AppError("INVALID_REQUEST", "The body is not valid JSON.", {
      fieldErrors: [{ path: "(body)", message: "is not valid JSON" }],
    });
  }
}
