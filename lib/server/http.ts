import { AppError, toAppError, type ErrorCode, type FieldError } from "./errors";

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: status === 204 ? headers : { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

export function errorResponse(code: ErrorCode, message: string, requestId: string, details: FieldError[] = [], status?: number) {
  const headers: Record<string, string> = { "x-request-id": requestId };
  if (code === "RATE_LIMITED") headers["retry-after"] = "60";
  return json(
    { error: { code, message, requestId, ...(details.length ? { details } : {}) } },
    status ?? new AppError(code, message).status,
    headers,
  );
}

/** Any thrown value as the error envelope; unknown errors are logged and masked. */
export function toErrorResponse(error: unknown, requestId: string): Response {
  const known = toAppError(error);
  if (known) return errorResponse(known.code, known.userMessage, requestId, known.fieldErrors);
  console.error(`[${requestId}] unexpected error`, error);
  return errorResponse("INTERNAL_ERROR", "Something went wrong on our side. Quote the request id if you contact support.", requestId);
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a JSON body: 415 when not JSON, 413 over 1 MiB, 400 when it does not parse. */
export async function readJsonBody(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type.trim())) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with Content-Type: application/json.");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "The body is larger than 1 MiB.");
  const buf = Buffer.from(await req.arrayBuffer());
  if (buf.byteLength > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "The body is larger than 1 MiB.");
  try {
    return JSON.parse(buf.toString("utf8"));
  } catch {
    throw new AppError("INVALID_REQUEST", "The body is not valid JSON.", {
      fieldErrors: [{ path: "(body)", message: "is not valid JSON" }],
    });
  }
}
