import { spawn } from "node:child_process";
import { eq } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import DevMailboxPage from "@/app/dev/mailbox/page";
import CheckEmailPage from "@/app/(auth)/sign-in/check-email/page";
import { getDb } from "@/db/client";
import { devMailbox } from "@/db/schema";
import { sendEmail } from "@/lib/email/send";
import { magicLinkEmail } from "@/lib/email/templates/magic-link";
import { readEnv } from "@/lib/env";
import { CLIENT_IP_HEADER } from "@/lib/core/client-ip";
import { unique } from "../factories";

// The development mailbox holds working sign-in links (docs/security.md): a PostgreSQL
// deployment does not start without RESEND_API_KEY, and the page answers loopback clients only.

const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
vi.mock("next/server", () => ({ connection: async () => {} }));
vi.mock("next/navigation", () => ({
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
}));

const g = globalThis as { __anyintEnv?: unknown };
const POSTGRES = "postgres://postgres@127.0.0.1:5432/anyint_deployment";

function deployment(vars: Record<string, string>) {
  g.__anyintEnv = readEnv({ ...process.env, RESEND_API_KEY: "", DEV_MAILBOX: "", ...vars });
}

/** What server.ts writes for the socket's peer, plus what the client itself claims. */
const from = (ip: string, claimed: Record<string, string> = {}) => {
  request.headers = new Headers({ ...claimed, [CLIENT_IP_HEADER]: ip });
};

afterEach(() => {
  g.__anyintEnv = undefined;
});

async function mailboxPage(): Promise<string> {
  return renderToStaticMarkup(await DevMailboxPage());
}

/** Runs `node --import tsx <script>` with the given environment; its exit code and output. */
function start(script: string, vars: Record<string, string>) {
  const env = { ...process.env, RESEND_API_KEY: "", DEV_MAILBOX: "", PORT: String(40000 + Math.floor(Math.random() * 20000)), BACKGROUND_JOBS: "off", ...vars };
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  return new Promise<{ code: number | null; output: string }>((resolve) => child.on("close", (code) => resolve({ code, output })));
}

describe("start-up on PostgreSQL without Resend", () => {
  const databaseUrl = inject("databaseUrl") ?? POSTGRES;

  it.each(["server.ts", "scripts/worker.ts"])("%s stops with one line naming RESEND_API_KEY, before it opens the database", async (script) => {
    const { code, output } = await start(script, { DATABASE_URL: databaseUrl });
    expect(code).not.toBe(0);
    const lines = output.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^(Error: )?Configuration error: RESEND_API_KEY is required when DATABASE_URL is set/);
    expect(output).not.toContain("Database:");
  }, 30_000);

  it.each(["server.ts", "scripts/worker.ts"])("%s goes on with DEV_MAILBOX=on, warning first", async (script) => {
    // an unreachable database: the process must get past the check and fail only when it connects
    const { code, output } = await start(script, { DATABASE_URL: "postgres://postgres@127.0.0.1:9/none", DEV_MAILBOX: "on" });
    expect(code).not.toBe(0);
    expect(output.split("\n")[0]).toMatch(/^Warning: DEV_MAILBOX=on: no email is sent/);
    expect(output).not.toContain("Configuration error");
  }, 30_000);

  it("sends nothing to the mailbox when a process skipped that check", async () => {
    deployment({ DATABASE_URL: POSTGRES });
    const to = `${unique("victim")}@example.test`;
    await expect(sendEmail(magicLinkEmail(to, "http://localhost/api/auth/callback/email?token=t"))).rejects.toThrow(/RESEND_API_KEY is required/);
    const db = await getDb();
    expect(await db.select().from(devMailbox).where(eq(devMailbox.to, to))).toHaveLength(0);
  });
});

describe("the /dev/mailbox page", () => {
  async function mailTo() {
    const to = `${unique("owner")}@example.test`;
    await sendEmail(magicLinkEmail(to, `http://localhost/api/auth/callback/email?token=${unique("tok")}`));
    return to;
  }

  it.each(["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])("shows the mail to a client on the loopback interface (%s) in embedded mode", async (ip) => {
    const to = await mailTo();
    from(ip);
    expect(await mailboxPage()).toContain(to);
  });

  it.each(["203.0.113.7", "10.0.0.5", "::ffff:203.0.113.7", "2001:db8::1"])("is not found for a client elsewhere (%s), whatever it claims in its headers", async (ip) => {
    await mailTo();
    from(ip, { "x-forwarded-for": "127.0.0.1", "x-real-ip": "127.0.0.1", host: "localhost" });
    await expect(mailboxPage()).rejects.toThrow("NEXT_NOT_FOUND");
  });

  it("is not found without a known client address", async () => {
    request.headers = new Headers({ "x-forwarded-for": "127.0.0.1" });
    await expect(mailboxPage()).rejects.toThrow("NEXT_NOT_FOUND");
  });

  it("is not found when Resend sends the mail, or on PostgreSQL without DEV_MAILBOX=on, even on loopback", async () => {
    from("127.0.0.1");
    deployment({ RESEND_API_KEY: "re_test_key" });
    await expect(mailboxPage()).rejects.toThrow("NEXT_NOT_FOUND");
    deployment({ DATABASE_URL: POSTGRES });
    await expect(mailboxPage()).rejects.toThrow("NEXT_NOT_FOUND");
    deployment({ DATABASE_URL: POSTGRES, DEV_MAILBOX: "on" });
    expect(await mailboxPage()).toContain("Development mailbox");
  });

  it("is linked from the check-email page only for a loopback client while in use", async () => {
    const page = async () => renderToStaticMarkup(await CheckEmailPage());
    from("127.0.0.1");
    expect(await page()).toContain('href="/dev/mailbox"');
    from("203.0.113.7", { "x-forwarded-for": "127.0.0.1" });
    expect(await page()).not.toContain("/dev/mailbox");
    from("127.0.0.1");
    deployment({ RESEND_API_KEY: "re_test_key" });
    expect(await page()).not.toContain("/dev/mailbox");
  });
});
