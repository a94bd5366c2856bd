import type { IncomingMessage, ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import { platformTokens } from "@/lib/env";
import { AppError, fromZodIssues, toAppError } from "./errors";
import { MAX_BODY_BYTES } from "./http";
import { requestIdFrom } from "./request";

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

/** A platform route: platform token → JSON body → zod → handle; errors in the envelope. */
export function platformRoute<S extends z.ZodType>(schema: S, handle: (input: z.infer<S>) => Promise<unknown>): PlatformHandler {
  return async (req) => {
    try {
      const m = req.authorization ? /^Bearer\s+(\S+)\s*$/i.exec(req.authorization) : null;
      if (!m || !tokenMatches(m[1]!)) throw new AppError("UNAUTHORIZED", "Send a platform token as a Bearer token.");
      if (!req.contentType || !/^application\/(.+\+)?json\b/i.test(req.contentType.trim())) {
        throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with Content-Type: application/json.");
      }
      if (!req.body) throw new AppError("PAYLOAD_TOO_LARGE", "The body is larger than 1 MiB.");
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
      const known = toAppError(error);
      if (known) return { status: known.status, body: errorBody(known, req.requestId) };
      console.error(`[${req.requestId}] platform route failed`, error);
      return { status: 500, body: errorBody(new AppError("INTERNAL_ERROR", "Something went wrong on our side."), req.requestId) };
    }
  };
}

/** The Next.js route-handler form of a platform route. */
export function platformRouteHandler(handler: PlatformHandler) {
  return async (req: Request): Promise<Response> => {
    const requestId = requestIdFrom(req.headers.get("x-request-id"));
    const declared = Number(req.headers.get("content-length") ?? "0");
    const buf = declared > MAX_BODY_BYTES ? null : Buffer.from(await req.arrayBuffer());
    const res = await handler({
      authorization: req.headers.get("authorization"),
      contentType: req.headers.get("content-type"),
      requestId,
      body: buf && buf.byteLength <= MAX_BODY_BYTES ? buf : null,
    });
    return Response.json(res.body, { status: res.status, headers: { "x-request-id": requestId } });
  };
}

/** The custom server's form: answers the request itself. */
export function servePlatformRoute(handler: PlatformHandler, req: IncomingMessage, res: ServerResponse): void {
  const given = req.headers["x-request-id"];
  const requestId = requestIdFrom(typeof given === "string" ? given : null);
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else if (!tooLarge) chunks.push(chunk);
  });
  req.on("end", () => {
    handler({
      authorization: req.headers.authorization ?? null,
      contentType: req.headers["content-type"] ?? null,
      requestId,
      body: tooLarge ? null : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
    }).then((out) => {
      const body = JSON.stringify(out.body);
      res.writeHead(out.status, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(body),
        "x-request-id": requestId,
        ...(out.status === 429 ? { "retry-after": "60" } : {}),
      });
      res.end(body);
    });
  });
}
