import { connect } from "node:net";
import { expect, signIn, test } from "../fixtures";

// The production server's edge as an attacker meets it (docs/security.md, "Entry points"):
// raw sockets streaming bodies that never end, cross-site calls riding a real cookie, text
// PostgreSQL cannot store, cookies that are not cookies, unknown routes, forged client IPs.

const port = Number(process.env.E2E_PORT ?? 3300);
const MiB = 1024 * 1024;

/** Streams a chunked body that never ends until the answer's head arrives; resolves with its status and what was sent. */
function streamUntilAnswered(head: string, maxBytes = 256 * MiB): Promise<{ status: number; sent: number; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "localhost");
    const chunk = Buffer.alloc(64 * 1024, "a");
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
    let sent = 0;
    let answer = "";
    let done = false;
    const finish = () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (done || !m || !answer.includes("\r\n\r\n")) return;
      done = true;
      socket.destroy();
      resolve({ status: Number(m[1]), sent, head: answer.slice(0, answer.indexOf("\r\n\r\n")) });
    };
    socket.on("data", (d) => {
      answer += d.toString("latin1");
      finish();
    });
    socket.on("error", (e) => (answer ? finish() : done || reject(e)));
    socket.on("close", () => (answer ? finish() : done || reject(new Error(`closed after ${sent} bytes with no answer`))));
    socket.write(head);
    const pump = () => {
      if (done || socket.destroyed || sent >= maxBytes) return;
      sent += frame.length;
      if (socket.write(frame)) setImmediate(pump);
      else socket.once("drain", pump);
    };
    pump();
  });
}

const chunked = (path: string, headers: Record<string, string>) =>
  `POST ${path} HTTP/1.1\r\nHost: localhost:${port}\r\nTransfer-Encoding: chunked\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}\r\n`;

test.describe("oversized bodies, streamed to the production server", () => {
  for (const [label, path, headers] of [
    ["an Admin API route, unauthenticated", "/api/v1/projects", { "content-type": "application/json" }],
    ["a platform route without a token", "/api/v1/usage", { "content-type": "application/json" }],
    ["a server action (the sign-in form)", "/sign-in", { "content-type": "text/plain;charset=UTF-8", "next-action": "0".repeat(42), origin: `http://localhost:${port}` }],
    ["the Auth.js magic-link endpoint", "/api/auth/signin/email", { "content-type": "application/x-www-form-urlencoded" }],
    ["a SAML ACS", "/sso/saml/ssoc_x/acs", { "content-type": "application/x-www-form-urlencoded" }],
  ] as const) {
    test(`${label}: answered before the body ends`, async () => {
      const res = await streamUntilAnswered(chunked(path, headers));
      // 413 at the limit, or refused sooner: 401 with no credential, or Next.js's own answer to a server action it cannot use
      expect([401, 409, 413]).toContain(res.status);
      expect(res.sent).toBeLessThan(64 * MiB); // loopback buffers, not what the server kept
    });
  }

  test("a declared Content-Length over the limit is refused before a byte is sent", async () => {
    for (const path of ["/api/v1/projects", "/sign-in", "/api/auth/signin/email", "/sso/saml/ssoc_x/acs", "/api/v1/keys/verify"]) {
      const res = await streamUntilAnswered(`POST ${path} HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/json\r\nContent-Length: ${400 * MiB}\r\n\r\n`, 0);
      // an unauthenticated platform call is refused for that first
      expect(res.status, path).toBe(path === "/api/v1/keys/verify" ? 401 : 413);
    }
  });
});

test.describe("inputs that used to answer 500", () => {
  test("unknown Admin API routes answer the JSON NOT_FOUND envelope", async ({ request }) => {
    for (const method of ["GET", "POST", "DELETE"] as const) {
      const res = await request.fetch("/api/v1/no-such-thing/42", { method });
      expect(res.status()).toBe(404);
      expect(res.headers()["content-type"]).toMatch(/^application\/json/);
      expect((await res.json()).error).toMatchObject({ code: "NOT_FOUND", requestId: expect.any(String) });
    }
  });

  test("a session cookie with bad percent-encoding is no session, on every kind of route", async ({ playwright }) => {
    const ctx = await playwright.request.newContext({ baseURL: `http://localhost:${port}`, extraHTTPHeaders: { cookie: "authjs.session-token=%E0%A4%A; __Secure-authjs.session-token=%" } });
    for (const path of ["/", "/acme", "/acme/projects", "/sign-in", "/organizations/new", "/api/v1/projects", "/api/auth/session", "/dev/mailbox"]) {
      const res = await ctx.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBeLessThan(500);
    }
    await ctx.dispose();
  });

  test("NUL and encoded surrogates in an address answer 400, on pages and routes", async ({ request }) => {
    for (const path of ["/acme/projects/%00", "/api/v1/projects/prj_%00x", "/api/v1/projects?cursor=%00", "/acme?x=%ED%A0%80", "/sign-in?callbackUrl=%00"]) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(400);
      expect((await res.json()).error.code).toBe("INVALID_REQUEST");
    }
  });
});

test("a real console cookie cannot be used cross-site, and the audit entry keeps the socket's IP", async ({ page }) => {
  await signIn(page, "owner@acme.test");
  const origin = `http://localhost:${port}`;
  // the review's attack: a foreign page posting text/plain with the victim's cookie
  const forged = await page.request.post("/api/v1/projects", {
    headers: { origin: "https://evil.example", "content-type": "text/plain", "anyint-organization": "acme" },
    data: JSON.stringify({ name: "Forged project" }),
  });
  expect(forged.status()).toBe(403);
  const textPlain = await page.request.post("/api/v1/projects", {
    headers: { origin, "content-type": "text/plain", "anyint-organization": "acme" },
    data: JSON.stringify({ name: "Text project" }),
  });
  expect(textPlain.status()).toBe(415);

  // from the console's own origin it works; a forged X-Forwarded-For does not reach the audit log
  const name = `Edge ${Date.now()}`;
  const created = await page.request.post("/api/v1/projects", {
    headers: { origin, "anyint-organization": "acme", "x-forwarded-for": "203.0.113.77", "x-anyint-client-ip": "198.51.100.9" },
    data: { name },
  });
  expect(created.status()).toBe(201);
  const projectId = (await created.json()).id;
  const audit = await page.request.get("/api/v1/audit-logs?action=project.created", { headers: { "anyint-organization": "acme" } });
  const entry = (await audit.json()).data.find((e: { target: { id: string } }) => e.target.id === projectId);
  expect(entry.ip).toMatch(/^(127\.0\.0\.1|::1)$/);
});
