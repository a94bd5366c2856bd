import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { acceptInviteAction } from "@/app/(auth)/invite/[token]/actions";
import { requestMagicLink } from "@/app/(auth)/sign-in/actions";
import { signInWithRecoveryCode } from "@/app/(auth)/sign-in/recovery/actions";
import { GET as startSso } from "@/app/(auth)/sso/[connectionId]/start/route";
import * as nextAuthRoute from "@/app/api/auth/[...nextauth]/route";
import { getDb } from "@/db/client";
import { devMailbox, memberships, verificationTokens } from "@/db/schema";
import { findOrCreateUser } from "@/lib/orgs/service";
import { remainingRecoveryCodes, replaceRecoveryCodes } from "@/lib/security/recovery-codes";
import { CLIENT_IP_HEADER } from "@/lib/core/client-ip";
import { createOrg, unique } from "../factories";
import { awayFromMinuteEdge } from "../key-factories";
import { invite, inviteToken, newEmail } from "../member-factories";
import { sessionFor } from "../session-factories";

// Every way into sign-in is limited where its work happens, whichever door the caller uses
// (docs/security.md). Each attacker gets its own random address (server.ts writes it into
// CLIENT_IP_HEADER from the socket), so tests do not share counters.

const request = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ set: (name: string, value: string) => request.cookies.set(name, value) }),
}));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Error(`NEXT_REDIRECT ${url}`);
  },
  unstable_rethrow: (e: unknown) => {
    if (e instanceof Error && e.message.startsWith("NEXT_REDIRECT")) throw e;
  },
}));

const randomIp = () => `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
const RETRY_MESSAGE = /^Too many attempts\. Try again in \d+ seconds\.$/;

beforeEach(async () => {
  request.headers = new Headers();
  request.cookies.clear();
  await awayFromMinuteEdge();
});

describe("magic links through the Auth.js endpoint", () => {
  const ORIGIN = "http://localhost:3000";

  /** A browser: fetches the CSRF token and cookie first, then posts the sign-in form Auth.js expects. */
  async function browser(ip: string) {
    const res = await nextAuthRoute.GET(new NextRequest(`${ORIGIN}/api/auth/csrf`, { headers: { [CLIENT_IP_HEADER]: ip } }));
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    return (email: string) =>
      nextAuthRoute.POST(
        new NextRequest(`${ORIGIN}/api/auth/signin/email`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie, [CLIENT_IP_HEADER]: ip },
          body: new URLSearchParams({ email, csrfToken, callbackUrl: `${ORIGIN}/` }),
        }),
      );
  }

  async function mailsTo(email: string) {
    const db = await getDb();
    return (await db.select().from(devMailbox).where(eq(devMailbox.to, email))).length;
  }

  async function tokensFor(email: string) {
    const db = await getDb();
    return (await db.select().from(verificationTokens).where(eq(verificationTokens.identifier, email))).length;
  }

  it("mails five links a minute to one address, then answers 429 with Retry-After and sends nothing, however the address is written", async () => {
    const victim = `${unique("owner")}@example.test`;
    for (let i = 0; i < 5; i++) {
      const post = await browser(randomIp()); // a new client each time: the address's own limit holds
      const res = await post(victim);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toContain("/api/auth/verify-request");
    }
    expect(await mailsTo(victim)).toBe(5);

    for (const written of [victim, victim.toUpperCase(), `  ${victim} `]) {
      const res = await (await browser(randomIp()))(written);
      expect(res.status).toBe(429);
      const wait = Number(res.headers.get("retry-after"));
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(60);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error).toEqual({ code: "RATE_LIMITED", message: `Too many attempts. Try again in ${wait} seconds.` });
    }
    expect(await mailsTo(victim)).toBe(5);
    expect(await tokensFor(victim)).toBe(5);
  });

  it("counts the sign-in form and the endpoint together, and tells a person how long to wait", async () => {
    const victim = `${unique("owner")}@example.test`;
    const form = async () => {
      request.headers = new Headers({ host: "localhost:3000", [CLIENT_IP_HEADER]: randomIp() });
      const data = new FormData();
      data.set("email", victim);
      return requestMagicLink({}, data).catch((e: Error) => ({ redirected: e.message }));
    };
    for (let i = 0; i < 3; i++) expect((await (await browser(randomIp()))(victim)).status).toBe(302);
    for (let i = 0; i < 2; i++) expect(await form()).toEqual({ redirected: expect.stringContaining("/api/auth/verify-request") });
    expect(await form()).toEqual({ error: expect.stringMatching(RETRY_MESSAGE), email: victim });
    expect(await mailsTo(victim)).toBe(5);
  });

  it("limits one client across addresses to thirty links a minute", async () => {
    const post = await browser(randomIp());
    const domain = `${unique("spam")}.test`;
    for (let i = 0; i < 30; i++) expect((await post(`target${i}@${domain}`)).status).toBe(302);
    const last = `target30@${domain}`;
    const res = await post(last);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await mailsTo(last)).toBe(0);
    expect(await tokensFor(last)).toBe(0);
    // another client is not affected
    expect((await (await browser(randomIp()))(last)).status).toBe(302);
  });
});

describe("recovery codes", () => {
  async function ownerWithCodes() {
    const fx = await createOrg();
    const db = await getDb();
    const codes = await db.transaction((tx) => replaceRecoveryCodes(tx, fx.org.id, fx.owner.id));
    return { fx, codes, remaining: () => remainingRecoveryCodes(db, fx.org.id, fx.owner.id) };
  }

  function attempt(ip: string, email: string, code: string) {
    request.headers = new Headers({ [CLIENT_IP_HEADER]: ip, "user-agent": "attacker" });
    const form = new FormData();
    form.set("email", email);
    form.set("code", code);
    return signInWithRecoveryCode({}, form).catch((e: Error) => ({ redirected: e.message }));
  }

  it("allows five attempts a minute per address, from any number of clients: the sixth is refused even with a good code", async () => {
    const { fx, codes, remaining } = await ownerWithCodes();
    for (let i = 0; i < 5; i++) {
      expect(await attempt(randomIp(), fx.owner.email, "00000-00000-00000-00000")).toMatchObject({ error: expect.stringContaining("do not match") });
    }
    const refused = await attempt(randomIp(), fx.owner.email.toUpperCase(), codes[0]!);
    expect(refused).toMatchObject({ error: expect.stringMatching(RETRY_MESSAGE) });
    expect(request.cookies.size).toBe(0);
    expect(await remaining()).toBe(10);
  });

  it("allows twenty attempts a minute per client across addresses", async () => {
    const { fx, codes, remaining } = await ownerWithCodes();
    const ip = randomIp();
    for (let i = 0; i < 20; i++) await attempt(ip, newEmail("guess"), "00000-00000-00000-00000");
    expect(await attempt(ip, fx.owner.email, codes[0]!)).toMatchObject({ error: expect.stringMatching(RETRY_MESSAGE) });
    expect(await remaining()).toBe(10);
    // the owner, from their own address, still gets in
    expect(await attempt(randomIp(), fx.owner.email, codes[0]!)).toEqual({ redirected: `NEXT_REDIRECT /${fx.org.slug}` });
    expect(await remaining()).toBe(9);
  });
});

describe("SSO starts", () => {
  const start = (ip: string, connectionId = `ssoc_${unique()}`) =>
    startSso(new NextRequest(`http://localhost:3000/sso/${connectionId}/start`, { headers: { [CLIENT_IP_HEADER]: ip } }), {
      params: Promise.resolve({ connectionId }),
    });

  it("allows thirty a minute per client, then answers 429 with Retry-After", async () => {
    const ip = randomIp();
    for (let i = 0; i < 30; i++) expect((await start(ip)).status).toBe(303);
    const res = await start(ip);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(RETRY_MESSAGE);
    expect((await start(randomIp())).status).toBe(303);
  });
});

describe("invitation acceptance", () => {
  async function invitation() {
    const fx = await createOrg();
    const email = newEmail();
    await invite(fx, { email });
    const user = await findOrCreateUser(await getDb(), email);
    return { fx, user, token: await inviteToken(email), cookie: (await sessionFor(user)).cookie };
  }

  async function acceptAs(cookie: string, ip: string, token: string) {
    request.headers = new Headers({ cookie, [CLIENT_IP_HEADER]: ip });
    return acceptInviteAction({ token });
  }

  async function joined(organizationId: string, userId: string) {
    const db = await getDb();
    return (await db.select().from(memberships).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)))).length === 1;
  }

  it("allows twenty guesses a minute per client, then refuses even a valid token", async () => {
    const { fx, user, token, cookie } = await invitation();
    const ip = randomIp();
    for (let i = 0; i < 20; i++) {
      expect(await acceptAs(cookie, ip, randomBytes(32).toString("base64url"))).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    }
    expect(await acceptAs(cookie, ip, token)).toMatchObject({ ok: false, error: { code: "RATE_LIMITED", message: expect.stringMatching(RETRY_MESSAGE) } });
    expect(await joined(fx.org.id, user.id)).toBe(false);
    expect(await acceptAs(cookie, randomIp(), token)).toMatchObject({ ok: true, data: { slug: fx.org.slug } });
  });

  it("allows five attempts a minute on one token, from any number of clients", async () => {
    const { fx, user, token, cookie } = await invitation();
    const other = (await sessionFor(await findOrCreateUser(await getDb(), newEmail("other")))).cookie;
    for (let i = 0; i < 5; i++) expect(await acceptAs(other, randomIp(), token)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await acceptAs(cookie, randomIp(), token)).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    expect(await joined(fx.org.id, user.id)).toBe(false);
  });
});
