import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as projects from "@/app/api/v1/projects/route";
import { readJsonBody } from "@/lib/core/http";
import { serveHotPath } from "@/lib/server/hot-path";
import { limitRequestBody } from "@/lib/server/node-edge";
import { asKey, call, createOrg, createTestAdminKey, orgState, type OrgFixture } from "../factories";

// Oversized bodies as an attacker streams them: over raw sockets, chunked, never finished.
// Every answer must arrive while the body is still being sent.

const MiB = 1024 * 1024;
let server: Server;
let port: number;
let fx: OrgFixture;
let adminKey: string;

beforeAll(async () => {
  // the hot path as server.ts serves it, and behind it the guard server.ts puts before Next.js,
  // here in front of a handler that reads its body the way a route handler does
  server = createServer((req, res) => {
    if (serveHotPath(req, res)) return;
    if (!limitRequestBody(req, res)) return;
    const request = new Request(`http://localhost${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: ReadableStreamFrom(req),
      duplex: "half",
    } as RequestInit);
    readJsonBody(request).then(
      () => res.end("read"),
      () => undefined, // the guard answered already
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  fx = await createOrg();
  adminKey = (await createTestAdminKey(fx, "owner")).secret;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function ReadableStreamFrom(req: NodeJS.ReadableStream): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      req.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
      req.on("end", () => controller.close());
      req.on("error", (e) => controller.error(e));
    },
  });
}

/**
 * Sends a request head, then chunks of `chunkBytes` until the answer's status line arrives or
 * `maxBytes` are sent; never ends the body. Resolves with the status and how much was sent.
 */
function streamUntilAnswered(head: string, opts: { chunkBytes?: number; maxBytes: number }): Promise<{ status: number; sent: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunk = Buffer.alloc(opts.chunkBytes ?? 64 * 1024, "a");
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
    let sent = 0;
    let answer = "";
    let done = false;
    const finish = () => {
      if (done) return;
      const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (!m) return;
      const bodyAt = answer.indexOf("\r\n\r\n");
      if (bodyAt === -1) return;
      done = true;
      socket.destroy();
      resolve({ status: Number(m[1]), sent, body: answer.slice(bodyAt + 4) });
    };
    socket.on("data", (d) => {
      answer += d.toString("latin1");
      setTimeout(finish, 20); // the body follows the head closely
    });
    socket.on("error", (e) => (done ? undefined : answer ? finish() : reject(e)));
    socket.on("close", () => (done ? undefined : answer ? finish() : reject(new Error(`closed after ${sent} bytes with no answer`))));
    socket.write(head);
    const pump = () => {
      if (done || socket.destroyed) return;
      if (sent >= opts.maxBytes) return; // keep the request open: the answer must come without an end
      const ok = socket.write(frame);
      sent += chunk.length;
      if (ok) setImmediate(pump);
      else socket.once("drain", pump);
    };
    pump();
  });
}

const chunkedHead = (path: string, headers: Record<string, string> = {}) =>
  `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}\r\n`;

describe("bodies are bounded while they stream", () => {
  it("refuses a platform route without a token before reading its body", async () => {
    const res = await streamUntilAnswered(chunkedHead("/api/v1/usage"), { maxBytes: 8 * MiB });
    expect(res.status).toBe(401);
    expect(res.sent).toBeLessThan(32 * MiB);
    expect(JSON.parse(res.body).error.code).toBe("UNAUTHORIZED");
  });

  it("answers 413 to a platform route's streamed body the moment it passes 1 MiB", async () => {
    const res = await streamUntilAnswered(chunkedHead("/api/v1/keys/verify", { Authorization: "Bearer test-platform-token-1" }), { maxBytes: 256 * MiB });
    expect(res.status).toBe(413);
    expect(res.sent).toBeLessThan(32 * MiB);
    expect(JSON.parse(res.body).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses a declared Content-Length over the limit before a byte of the body is sent", async () => {
    for (const path of ["/api/v1/usage", "/api/v1/projects", "/sso/saml/x/acs"]) {
      const head = `POST ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer test-platform-token-1\r\nContent-Type: application/json\r\nContent-Length: ${400 * MiB}\r\n\r\n`;
      const res = await streamUntilAnswered(head, { maxBytes: 0 });
      expect(res.status, path).toBe(413);
    }
  });

  it("answers 413 to any other entry point's streamed body at the limit, before the body ends", async () => {
    for (const path of ["/api/v1/projects", "/api/auth/signin/email", "/sso/saml/conn_x/acs", "/acme/settings"]) {
      const res = await streamUntilAnswered(chunkedHead(path), { maxBytes: 256 * MiB });
      expect(res.status, path).toBe(413);
      expect(res.sent, path).toBeLessThan(32 * MiB); // what the kernel buffers on loopback, not what the server read
    }
  });

  it("lets a body under the limit through to its handler", async () => {
    const res = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      let out = "";
      socket.on("data", (d) => (out += d.toString()));
      socket.on("end", () => resolve(out));
      socket.on("error", reject);
      const body = JSON.stringify({ name: "x".repeat(512 * 1024) });
      socket.end(`POST /api/v1/projects HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    });
    expect(res).toMatch(/^HTTP\/1\.1 200/);
    expect(res.endsWith("read")).toBe(true);
  });
});

describe("route handlers read up to the limit", () => {
  it("answer 413 to a body that never ends, and write nothing", async () => {
    const before = await orgState(fx.org.id);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const req = new Request("http://localhost/api/v1/projects", {
      method: "POST",
      headers: { ...asKey(adminKey), "content-type": "application/json" },
      body: endless,
      duplex: "half",
    } as RequestInit);
    const res = await call(projects.POST, req);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(pulled).toBeLessThan(2 * MiB);
    expect(await orgState(fx.org.id)).toEqual(before);
  });

  it("refuse an unauthenticated caller without pulling the body at all", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const req = new Request("http://localhost/api/v1/projects", { method: "POST", headers: { "content-type": "application/json" }, body: endless, duplex: "half" } as RequestInit);
    const res = await call(projects.POST, req);
    expect(res.status).toBe(401);
    expect(pulled).toBeLessThanOrEqual(1); // a stream may prefetch one chunk on creation
  });
});
