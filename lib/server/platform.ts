import type { IncomingMessage, ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import { platformTokens } from "@/lib/env";
import { AppError, fromZodIssues, toAppError } from "@/lib/core/errors";
import { MAX_BODY_BYTES, readBodyLimited, RETRY_AFTER_SECONDS } from "@/lib/core/http";
import { logUnexpected } from "@/lib/core/log-error";
import { closeAfterAnswer } from "./node-edge";
import { requestIdFrom } from "@/lib/core/request";

// Platform routes (the model platform's calls: key verification, usage) are framework-free
// handlers, mounted twice: on the custom server's fast path before Next.js, and as Next.js
// route handlers under app/api/v1. Same code, same answers.

export type PlatformRequest = { authorization: string | null; contentType: string | null; requestId: string; body: Buffer | null };
export type PlatformResponse = { status: number; body: unknown };
export type PlatformHandler = (req: PlatformRequest) => Promise<PlatformResponse>;

let tokenBuffers: { source: string; list: Buffer[] } | null = null;

function tokenMatches(token: string): boolean {
  const list = platformTokens();
  const source = list.join(",");
  if (tokenBuffers?.source !== source) tokenBuffers = { source, list: list.map((t) => Buffer.from(t)) };
  const given = Buffer.from(token);
  let ok = false;
  for (const t of tokenBuffers.list) if (t.length === given.length && timingSafeEqual(t, given)) ok = true;
  return ok;
}

function errorBody(e: AppError, requestId: string) {
  return { error: { code: e.code, message: e.userMessage, requestId, ...(e.fieldErrors.length ? { details: e.fieldErrors } : {}) } };
}

/** The refusal of a request's platform token, or null when it carries a valid one. */
export function platformTokenRefusal(authorization: string | null | undefined): AppError | null {
  const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  return m && tokenMatches(m[1]!) ? null : new AppError("UNAUTHORIZED", "Send a platform token as a Bearer token.");
}

const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`);

/** A platform route: platform token → JSON body → zod → handle; errors in the envelope. */
export function platformRoute<S extends z.ZodType>(schema: S, handle: (input: z.infer<S>) => Promise<unknown>): PlatformHandler {
  return async (req) => {
    try {
      const refusal = platformTokenRefusal(req.authorization);
      if (refusal) throw refusal;
      if (!req.contentType || !/^application\/(.+\+)?json\b/i.test(req.contentType.trim())) {
        throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with Content-Type: application/json.");
      }
      if (!req.body) throw tooLarge();
      let json: unknown;
      try {
        json = JSON.parse(req.body.toString("utf8"));
      } catch {
        throw new AppError("INVALID_REQUEST", "The body is not valid JSON.", { fieldErrors: [{ path: "(body)", message: "is not valid JSON" }] });
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw fromZodIssues(parsed.error.issues);
      return { status: 200, body: await handle(parsed.data) };
    } catch (error) {
      return errorAnswer(error, req.requestId);
    }
  };
}

function errorAnswer(error: unknown, requestId: string): PlatformResponse {
  const known = toAppError(error);
  if (known) return { status: known.status, body: errorBody(known, requestId) };
  logUnexpected(requestId, "platform route", error);
  return { status: 500, body: errorBody(new AppError("INTERNAL_ERROR", "Something went wrong on our side."), requestId) };
}

/** The Next.js route-handler form of a platform route: token first, then the body, read up to the limit. */
export function platformRouteHandler(handler: PlatformHandler) {
  return async (req: Request): Promise<Response> => {
    const requestId = requestIdFrom(req.headers.get("x-request-id"));
    const authorization = req.headers.get("authorization");
    const refusal = platformTokenRefusal(authorization);
    let res: PlatformResponse;
    if (refusal) res = errorAnswer(refusal, requestId);
    else {
      const body = await readBodyLimited(req).catch((error: unknown) => {
        if (toAppError(error)?.code === "PAYLOAD_TOO_LARGE") return null;
        throw error;
      });
      res = await handler({ authorization, contentType: req.headers.get("content-type"), requestId, body });
    }
    return Response.json(res.body, { status: res.status, headers: { "x-request-id": requestId, ...retryAfter(res.status) } });
  };
}

/** Retry-After for answers that ask the caller to come back (the same values as the Admin API's). */
function retryAfter(status: number): Record<string, string> {
  const seconds = RETRY_AFTER_SECONDS[status];
  return seconds ? { "retry-after": String(seconds) } : {};
}

function send(res: ServerResponse, requestId: string, out: PlatformResponse, close = false): void {
  const body = JSON.stringify(out.body);
  res.writeHead(out.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "x-content-type-options": "nosniff",
    "x-request-id": requestId,
    ...retryAfter(out.status),
  });
  res.end(body, close ? () => closeAfterAnswer(res) : undefined);
}

/**
 * The custom server's form: answers the request itself. A request without a valid platform
 * token, or declaring a body over the limit, is answered before a byte of its body is read; a
 * streamed body is answered 413 the moment it passes the limit.
 */
export function servePlatformRoute(handler: PlatformHandler, req: IncomingMessage, res: ServerResponse): void {
  const given = req.headers["x-request-id"];
  const requestId = requestIdFrom(typeof given === "string" ? given : null);
  const refusal = platformTokenRefusal(req.headers.authorization);
  const declared = req.headers["content-length"];
  if (refusal || (declared !== undefined && !(Number(declared) <= MAX_BODY_BYTES))) {
    send(res, requestId, errorAnswer(refusal ?? tooLarge(), requestId), true);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on("data", (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      refused = true;
      chunks.length = 0;
      send(res, requestId, errorAnswer(tooLarge(), requestId), true);
    } else chunks.push(chunk);
  });
  req.on("end", () => {
    if (refused) return;
    handler({
      authorization: req.headers.authorization ?? null,
      contentType: req.headers["content-type"] ?? null,
      requestId,
      body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
    }).then((out) => send(res, requestId, out));
  });
}
