import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { deliverDueEmails } from "@/lib/email/deliver";
import { queueEmail } from "@/lib/email/queue";
import { readEnv } from "@/lib/env";
import { unique } from "../factories";

const g = globalThis as { __anyintEnv?: unknown };
afterEach(() => {
  delete process.env.RESEND_BASE_URL;
  g.__anyintEnv = undefined;
});

/**
 * Resend stand-in that fails the first `failures` calls for `to` with a 500. Mail that other
 * test files queue meanwhile (invitations) is claimed by the same loop: it is accepted and not counted.
 */
async function flakyResend(to: string, failures: number) {
  let calls = 0;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const ours = JSON.stringify((JSON.parse(body) as { to: unknown }).to).includes(to);
      if (ours) calls++;
      const ok = !ours || calls > failures;
      res.writeHead(ok ? 200 : 500, { "content-type": "application/json" });
      res.end(JSON.stringify(ok ? { id: `email_${calls}` } : { name: "internal_server_error", message: "down", statusCode: 500 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.env.RESEND_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  g.__anyintEnv = readEnv({ ...process.env, RESEND_API_KEY: "re_test", WEBHOOK_RETRY_SCHEDULE: "0,0" });
  return { calls: () => calls, close: () => server.close() };
}

async function row(to: string) {
  const db = await getDb();
  return (await db.select().from(emailOutbox).where(eq(emailOutbox.to, to)))[0]!;
}

describe("email queue", () => {
  it("sends nothing for a change that rolls back", async () => {
    const db = await getDb();
    const to = `${unique("rollback")}@example.test`;
    await expect(
      db.transaction(async (tx) => {
        await queueEmail(tx, { to, subject: "s", text: "t", html: "<p>t</p>" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.to, to))).toHaveLength(0);
  });

  it("retries a failed send on the schedule and gives up after the last attempt", async () => {
    const to = `${unique("retry")}@example.test`;
    const resend = await flakyResend(to, 1);
    try {
      const db = await getDb();
      await queueEmail(db, { to, subject: "Hello", text: "t", html: "<p>t</p>" });
      while ((await row(to)).status === "pending" && (await row(to)).attempts < 3) await deliverDueEmails(db, 100);
      const sent = await row(to);
      expect(sent.status).toBe("sent");
      expect(sent.attempts).toBe(2);
      expect(sent.lastError).toMatch(/down/);
    } finally {
      resend.close();
    }
  });

  it("marks the email failed when every attempt fails", async () => {
    const to = `${unique("fail")}@example.test`;
    const resend = await flakyResend(to, 1000);
    try {
      const db = await getDb();
      await queueEmail(db, { to, subject: "Hello", text: "t", html: "<p>t</p>" });
      for (let i = 0; i < 5 && (await row(to)).status === "pending"; i++) await deliverDueEmails(db, 100);
      const failed = await row(to);
      expect(failed.status).toBe("failed");
      expect(failed.attempts).toBe(3); // the first try and the two retries of the schedule
    } finally {
      resend.close();
    }
  });
});
