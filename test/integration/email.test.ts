import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { desc, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { devMailbox } from "@/db/schema";
import { sendEmail, usesDevMailbox } from "@/lib/email/send";
import { magicLinkEmail } from "@/lib/email/templates/magic-link";
import { readEnv } from "@/lib/env";
import { unique } from "../factories";

const g = globalThis as { __anyintEnv?: unknown };

/** A local stand-in of Resend's HTTP API: records what the SDK sends, answers like Resend. */
async function resendStandIn(status = 200) {
  const received: { path: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: JSON.parse(raw) });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(status === 200 ? { id: "email_123" } : { name: "validation_error", message: "Invalid `to` field", statusCode: status }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => server.close() };
}

function useResend(baseUrl: string) {
  process.env.RESEND_BASE_URL = baseUrl;
  g.__anyintEnv = readEnv({ ...process.env, RESEND_API_KEY: "re_test_key", EMAIL_FROM: "Console <console@anyint.test>" });
}

afterEach(() => {
  delete process.env.RESEND_BASE_URL;
  g.__anyintEnv = undefined;
});

describe("sendEmail", () => {
  it("stores mail in the development mailbox when no RESEND_API_KEY is set", async () => {
    expect(usesDevMailbox()).toBe(true);
    const to = `${unique("dev")}@example.test`;
    await sendEmail(magicLinkEmail(to, "http://localhost:3000/api/auth/callback/email?token=abc"));
    const db = await getDb();
    const [mail] = await db.select().from(devMailbox).where(eq(devMailbox.to, to)).orderBy(desc(devMailbox.createdAt));
    expect(mail?.subject).toBe("Sign in to the AnyInt Console");
    expect(mail?.text).toContain("token=abc");
    expect(mail?.html).toContain('href="http://localhost:3000/api/auth/callback/email?token=abc"');
  });

  it("sends through the Resend SDK (honouring RESEND_BASE_URL) with HTML and text", async () => {
    const resend = await resendStandIn();
    try {
      useResend(resend.url);
      expect(usesDevMailbox()).toBe(false);
      const to = `${unique("real")}@example.test`;
      await sendEmail(magicLinkEmail(to, "http://localhost:3000/api/auth/callback/email?token=xyz"));
      expect(resend.received).toHaveLength(1);
      const [req] = resend.received;
      expect(req!.path).toBe("/emails");
      expect(req!.headers.authorization).toBe("Bearer re_test_key");
      expect(req!.body).toMatchObject({ from: "Console <console@anyint.test>", to, subject: "Sign in to the AnyInt Console" });
      expect(String(req!.body.text)).toContain("token=xyz");
      expect(String(req!.body.html)).toContain("token=xyz");
      const db = await getDb();
      expect(await db.select().from(devMailbox).where(eq(devMailbox.to, to))).toHaveLength(0);
    } finally {
      resend.close();
    }
  });

  it("fails loudly when Resend refuses the email", async () => {
    const resend = await resendStandIn(422);
    try {
      useResend(resend.url);
      await expect(sendEmail(magicLinkEmail("x@example.test", "http://localhost/x"))).rejects.toThrow(/Resend refused/);
    } finally {
      resend.close();
    }
  });
});
