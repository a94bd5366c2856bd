import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT, generateKeyPair } from "jose";
import { GET as callbackGET } from "@/app/(auth)/sso/oidc/callback/route";
import { GET as startGET } from "@/app/(auth)/sso/[connectionId]/start/route";
import * as ssoConnectionApi from "@/app/api/v1/sso-connections/[connectionId]/route";
import * as ssoConnectionsApi from "@/app/api/v1/sso-connections/route";
import { getDb } from "@/db/client";
import { accounts, auditLogs, memberships, sessions, ssoConnections, ssoDomains, ssoLoginStates, users } from "@/db/schema";
import { connectionInput, createConnectionInput } from "@/lib/sso/schemas";
import { createConnection, getConnection, isTested, updateConnection } from "@/lib/sso/connections";
import { readTestResult } from "@/lib/sso/complete";
import { startSignIn } from "@/lib/sso/start";
import { startCraftedIdp, unsignedToken, type CraftedIdp } from "../idp/crafted-oidc";
import { startOidcIdp, type OidcIdp } from "../idp/oidc-idp";
import { addMember, apiRequest, asKey, call, createOrg, createTestAdminKey, outboxRows, unique, type OrgFixture } from "../factories";
import { inTransaction } from "../key-factories";
import { ssoBrowser } from "../sso-factories";

// OIDC sign-in against a real oidc-provider on loopback (and a hand-made provider for tokens a
// real one would never issue), through the console's own route handlers.

const AUTH_URL = "http://localhost:3999";
const REDIRECT_URI = `${AUTH_URL}/sso/oidc/callback`;
/** the browser every flow of this file runs in, unless a test says otherwise */
const browser = ssoBrowser();
const saved = { AUTH_URL: process.env.AUTH_URL, SSO: process.env.SSO_ALLOWED_HTTP_HOSTS };
let idp: OidcIdp;
let crafted: CraftedIdp;

beforeAll(async () => {
  process.env.AUTH_URL = AUTH_URL;
  process.env.SSO_ALLOWED_HTTP_HOSTS = "127.0.0.1";
  idp = await startOidcIdp({
    clients: [
      { client_id: "console", client_secret: "console-secret", redirect_uris: [REDIRECT_URI] },
      { client_id: "other-app", client_secret: "other-secret", redirect_uris: [REDIRECT_URI] },
    ],
  });
  crafted = await startCraftedIdp({ email: "placeholder@example.test" });
});

afterAll(async () => {
  process.env.AUTH_URL = saved.AUTH_URL;
  process.env.SSO_ALLOWED_HTTP_HOSTS = saved.SSO;
  await idp?.close();
  await crafted?.close();
});

type Setup = OrgFixture & { domain: string; connectionId: string };

async function setup(opts: { issuer?: string; clientId?: string; secret?: string; groupsClaim?: string; mapping?: Record<string, string>; verify?: boolean } = {}): Promise<Setup> {
  const fx = await createOrg({ plan: "enterprise" });
  const domain = `${unique("corp")}.test`;
  const db = await getDb();
  await db.insert(ssoDomains).values({ organizationId: fx.org.id, domain, verificationToken: unique("tok"), verifiedAt: opts.verify === false ? null : new Date() });
  const input = connectionInput.parse({
    protocol: "oidc",
    name: "Okta",
    issuer: opts.issuer ?? idp.issuer,
    clientId: opts.clientId ?? "console",
    clientSecret: opts.secret ?? "console-secret",
    defaultRole: "member",
    groupsClaim: opts.groupsClaim ?? "",
    groupRoleMapping: opts.mapping ?? {},
  });
  const conn = await inTransaction(fx, (tx, ctx) => createConnection(tx, ctx, input));
  return { ...fx, domain, connectionId: conn.id };
}

const params = (p: { connectionId: string }) => ({ params: Promise.resolve(p) });

/** Start at /sso/{id}/start, follow the IdP as `login`; answers the IdP's redirect back to the console. */
async function throughIdp(s: Setup, login: string, provider: { login: OidcIdp["login"] } = idp) {
  const start = await startGET(
    new Request(`${AUTH_URL}/sso/${s.connectionId}/start?returnTo=/${s.org.slug}/projects`, { headers: { cookie: browser.cookie } }) as never,
    params({ connectionId: s.connectionId }),
  );
  expect(start.status).toBe(303);
  return provider.login(start.headers.get("location")!, login);
}

async function callback(url: string, cookie: string | null = browser.cookie) {
  const headers = { "user-agent": "vitest-browser", "x-anyint-client-ip": "203.0.113.9", ...(cookie ? { cookie } : {}) };
  const res = await callbackGET(new Request(url, { headers }) as never);
  return { status: res.status, location: res.headers.get("location") ?? "", cookie: res.headers.get("set-cookie") };
}

/** The crafted IdP has no login page: its authorization endpoint redirects at once. */
const craftedLogin = { login: async (url: string) => (await fetch(url, { redirect: "manual" })).headers.get("location")! };

async function sessionsOf(connectionId: string) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(sessions).where(eq(sessions.ssoConnectionId, connectionId));
  return row!.n;
}

async function userByEmail(email: string) {
  const db = await getDb();
  const [u] = await db.select().from(users).where(eq(users.email, email));
  return u;
}

async function roleOf(organizationId: string, userId: string) {
  const db = await getDb();
  const [m] = await db.select().from(memberships).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  return m;
}

function expectRefused(res: { status: number; location: string; cookie: string | null }, reason: string) {
  expect(res.status).toBe(303);
  expect(res.location).toBe(`${AUTH_URL}/sso/error?reason=${reason}`);
  expect(res.cookie).toBeNull();
}

describe("OIDC sign-in", () => {
  it("signs a new person in: session cookie, sessions row (oidc), JIT membership with the default role, identity link", async () => {
    const s = await setup();
    const email = `ada@${s.domain}`;
    idp.accounts[email] = { email, email_verified: true, name: "Ada Lovelace" };
    const res = await callback(await throughIdp(s, email));
    expect(res.status).toBe(303);
    expect(res.location).toBe(`${AUTH_URL}/${s.org.slug}/projects`);
    expect(res.cookie).toMatch(/^authjs\.session-token=[0-9a-f]{64}; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/);

    const user = await userByEmail(email);
    expect(user?.name).toBe("Ada Lovelace");
    const db = await getDb();
    const [session] = await db.select().from(sessions).where(eq(sessions.userId, user!.id));
    expect(session).toMatchObject({ method: "oidc", ssoConnectionId: s.connectionId, ip: "203.0.113.9", userAgent: "vitest-browser" });
    expect(res.cookie).toContain(session!.sessionToken);
    expect(await roleOf(s.org.id, user!.id)).toMatchObject({ role: "member", joinedVia: "sso" });
    const [link] = await db.select().from(accounts).where(eq(accounts.userId, user!.id));
    expect(link).toMatchObject({ provider: `sso:${s.connectionId}`, providerAccountId: email });
    const events = (await outboxRows(s.org.id)).map((e) => e.type);
    expect(events).toContain("member.joined");
  });

  it("maps IdP groups to roles: the strongest for a newcomer, later only demotions, never touching an owner", async () => {
    const s = await setup({ groupsClaim: "groups", mapping: { "eng-admins": "admin", finance: "finance", staff: "member" } });
    const email = `grace@${s.domain}`;
    idp.accounts[email] = { email, email_verified: true, name: "Grace", groups: ["staff", "eng-admins", "finance"] };
    await callback(await throughIdp(s, email));
    const user = await userByEmail(email);
    expect((await roleOf(s.org.id, user!.id))!.role).toBe("admin"); // the strongest mapped role

    // finance holds permissions admin lacks: not a demotion, so the role stays
    idp.accounts[email] = { email, email_verified: true, groups: ["finance"] };
    await callback(await throughIdp(s, email));
    expect((await roleOf(s.org.id, user!.id))!.role).toBe("admin");
    idp.accounts[email] = { email, email_verified: true, groups: ["staff"] };
    await callback(await throughIdp(s, email));
    expect((await roleOf(s.org.id, user!.id))!.role).toBe("member");
    expect((await outboxRows(s.org.id)).map((e) => e.type)).toContain("member.role_changed");
    // and an existing member is never raised by the IdP's groups
    idp.accounts[email] = { email, email_verified: true, groups: ["eng-admins"] };
    expect((await callback(await throughIdp(s, email))).cookie).not.toBeNull();
    expect((await roleOf(s.org.id, user!.id))!.role).toBe("member");

    // an owner who signs in through SSO stays owner whatever the groups say
    const ownerEmail = `boss@${s.domain}`;
    const db = await getDb();
    const [owner] = await db.insert(users).values({ email: ownerEmail, name: "Boss" }).returning();
    await addMember(s.org.id, "owner", owner);
    idp.accounts[ownerEmail] = { email: ownerEmail, email_verified: true, groups: ["finance"] };
    const res = await callback(await throughIdp(s, ownerEmail));
    expect(res.cookie).not.toBeNull();
    expect((await roleOf(s.org.id, owner!.id))!.role).toBe("owner");
  });

  it("a console test records the test and shows what the IdP returned, with no session and no membership", async () => {
    const s = await setup({ groupsClaim: "groups", mapping: { admins: "admin" } });
    const email = `tester@${s.domain}`;
    idp.accounts[email] = { email, email_verified: true, name: "Tess Ter", groups: ["admins"] };
    const db = await getDb();
    const before = await getConnection(db, s.org.id, s.connectionId);
    expect(isTested(before)).toBe(false);

    const url = await startSignIn(db, before, { purpose: "test", browserKey: browser.key, initiatedById: s.owner.id });
    const res = await callback(await idp.login(url, email));
    expect(res.cookie).toBeNull();
    const target = new URL(res.location);
    expect(target.pathname).toBe(`/${s.org.slug}/security/sso/${s.connectionId}`);
    expect(readTestResult(s.connectionId, target.searchParams.get("test") ?? undefined)).toMatchObject({
      ok: true, email, name: "Tess Ter", groups: ["admins"], role: "admin", domainVerified: true,
    });
    expect(await userByEmail(email)).toBeUndefined();
    expect(await sessionsOf(s.connectionId)).toBe(0);

    const after = await getConnection(db, s.org.id, s.connectionId);
    expect(isTested(after)).toBe(true);
    expect(after.testedById).toBe(s.owner.id);
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.organizationId, s.org.id), eq(auditLogs.action, "security.sso_connection.tested")));
    expect(audit).toMatchObject({ actorId: s.owner.id, targetId: s.connectionId });

    // a change to what matters for sign-in (the secret) needs a new test; a name change does not
    await inTransaction(s, (tx, ctx) => updateConnection(tx, ctx, s.connectionId, connectionInput.parse({ protocol: "oidc", name: "Okta (prod)", issuer: idp.issuer, clientId: "console", defaultRole: "member" })));
    expect(isTested(await getConnection(db, s.org.id, s.connectionId))).toBe(true);
    await inTransaction(s, (tx, ctx) => updateConnection(tx, ctx, s.connectionId, connectionInput.parse({ protocol: "oidc", name: "Okta (prod)", issuer: idp.issuer, clientId: "console", clientSecret: "rotated", defaultRole: "member" })));
    expect(isTested(await getConnection(db, s.org.id, s.connectionId))).toBe(false);
    const [updated] = await db.select().from(auditLogs).where(and(eq(auditLogs.organizationId, s.org.id), eq(auditLogs.action, "security.sso_connection.updated"))).orderBy(auditLogs.createdAt);
    expect(JSON.stringify(updated?.changes)).not.toContain("console-secret");
  });

  it("a failed console test goes back to the connection page with the reason", async () => {
    const s = await setup({ verify: true });
    const db = await getDb();
    const url = await startSignIn(db, await getConnection(db, s.org.id, s.connectionId), { purpose: "test", browserKey: browser.key, initiatedById: s.owner.id });
    const res = await callback(await idp.login(url, "no-email-person"));
    const target = new URL(res.location);
    expect(target.pathname).toBe(`/${s.org.slug}/security/sso/${s.connectionId}`);
    expect(readTestResult(s.connectionId, target.searchParams.get("test") ?? undefined)).toMatchObject({ ok: false, reason: "EMAIL_MISSING" });
    expect(isTested(await getConnection(db, s.org.id, s.connectionId))).toBe(false);
  });
});

describe("OIDC refusals create no session", () => {
  it("refuses an unknown state", async () => {
    const s = await setup();
    const email = `x@${s.domain}`;
    const back = new URL(await throughIdp(s, email));
    back.searchParams.set("state", "forged-state-value");
    expectRefused(await callback(back.href), "STATE_INVALID");
    expect(await sessionsOf(s.connectionId)).toBe(0);
  });

  it("refuses a replayed callback (state used) and a replayed code with a fresh state", async () => {
    const s = await setup();
    const email = `replay@${s.domain}`;
    const first = await throughIdp(s, email);
    expect((await callback(first)).cookie).not.toBeNull();
    expectRefused(await callback(first), "STATE_INVALID");

    const second = new URL(await throughIdp(s, email));
    second.searchParams.set("code", new URL(first).searchParams.get("code")!);
    expectRefused(await callback(second.href), "IDP_ERROR");
    expect(await sessionsOf(s.connectionId)).toBe(1);
  });

  it("refuses an expired state", async () => {
    const s = await setup();
    const back = await throughIdp(s, `late@${s.domain}`);
    const db = await getDb();
    await db.update(ssoLoginStates).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(ssoLoginStates.id, new URL(back).searchParams.get("state")!));
    expectRefused(await callback(back), "STATE_INVALID");
    expect(await sessionsOf(s.connectionId)).toBe(0);
  });

  it("refuses an email whose domain the organization has not verified", async () => {
    const s = await setup();
    const res = await callback(await throughIdp(s, `intruder@${unique("elsewhere")}.test`));
    expectRefused(res, "DOMAIN_NOT_VERIFIED");
    const unverified = await setup({ verify: false });
    expectRefused(await callback(await throughIdp(unverified, `a@${unverified.domain}`)), "DOMAIN_NOT_VERIFIED");
    expect(await sessionsOf(s.connectionId)).toBe(0);
    expect(await sessionsOf(unverified.connectionId)).toBe(0);
  });

  it("refuses an IdP that says the email is not verified", async () => {
    const s = await setup();
    const email = `unverified@${s.domain}`;
    idp.accounts[email] = { email, email_verified: false };
    expectRefused(await callback(await throughIdp(s, email)), "EMAIL_UNVERIFIED");
    expect(await userByEmail(email)).toBeUndefined();
  });

  it("refuses a code the real IdP issued to another client", async () => {
    // A code minted for the "console" client is delivered to the callback of a login state of
    // a connection registered as "other-app": the exchange must fail and nobody is signed in.
    const s = await setup();
    const other = await inTransaction(s, (tx, ctx) =>
      createConnection(tx, ctx, connectionInput.parse({ protocol: "oidc", name: "Other", issuer: idp.issuer, clientId: "other-app", clientSecret: "other-secret" })),
    );
    const codeForConsole = new URL(await throughIdp(s, `aud@${s.domain}`));
    const db = await getDb();
    const otherStart = new URL(await startSignIn(db, other, { purpose: "sign_in", browserKey: browser.key }));
    codeForConsole.searchParams.set("state", otherStart.searchParams.get("state")!);
    expectRefused(await callback(codeForConsole.href), "IDP_ERROR");
    expect(await sessionsOf(other.id)).toBe(0);
  });
});

describe("the login state is bound to the browser that started it", () => {
  it("sets an HttpOnly cookie that survives the IdP's cross-site return, and refuses the callback in any other browser", async () => {
    const s = await setup();
    const email = `bound@${s.domain}`;
    const start = await startGET(new Request(`${AUTH_URL}/sso/${s.connectionId}/start`) as never, params({ connectionId: s.connectionId }));
    const setCookie = start.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^anyint-sso-browser=[\w-]{43}; Path=\/sso; Max-Age=600; HttpOnly; Secure; SameSite=None$/);
    const back = await idp.login(start.headers.get("location")!, email);

    // login CSRF: the attacker's finished flow, opened in the victim's browser (no cookie, or its own)
    expectRefused(await callback(back, null), "STATE_INVALID");
    expectRefused(await callback(back, ssoBrowser().cookie), "STATE_INVALID");
    expect(await sessionsOf(s.connectionId)).toBe(0);

    const res = await callback(back, setCookie.split(";")[0]!);
    expect(res.location).toBe(`${AUTH_URL}/${s.org.slug}`);
    expect(await sessionsOf(s.connectionId)).toBe(1);
  });

  it("keeps a browser's existing key, so two sign-ins started in two tabs both complete", async () => {
    const s = await setup();
    const first = await throughIdp(s, `tab1@${s.domain}`);
    const second = await throughIdp(s, `tab2@${s.domain}`);
    expect((await callback(first)).cookie).not.toBeNull();
    expect((await callback(second)).cookie).not.toBeNull();
  });
});

describe("ID token checks (crafted provider)", () => {
  const craftedSetup = () => setup({ issuer: crafted.issuer, clientId: "crafted-client", secret: "crafted-secret" });

  it("accepts a correctly signed token (so the refusals below are the console's checks)", async () => {
    const s = await craftedSetup();
    const email = `good@${s.domain}`;
    crafted.idToken = (req) => crafted.sign(req, { email });
    const res = await callback(await throughIdp(s, email, craftedLogin));
    expect(res.cookie).not.toBeNull();
    expect(res.location).toBe(`${AUTH_URL}/${s.org.slug}/projects`);
  });

  const cases: [string, (req: Parameters<CraftedIdp["idToken"]>[0], email: string) => Promise<string> | string][] = [
    ["alg: none", (req, email) => unsignedToken({ iss: req.issuer, aud: req.clientId, sub: "s", email, email_verified: true, nonce: req.nonce, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 300 })],
    ["HS256 with a foreign secret", (req, email) =>
      new SignJWT({ email, email_verified: true, nonce: req.nonce })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer(req.issuer).setAudience(req.clientId).setSubject("s").setIssuedAt().setExpirationTime("5m")
        .sign(new TextEncoder().encode("an-attackers-own-hmac-secret-0123456789"))],
    ["HS256 with the client secret", (req, email) =>
      new SignJWT({ email, email_verified: true, nonce: req.nonce })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer(req.issuer).setAudience(req.clientId).setSubject("s").setIssuedAt().setExpirationTime("5m")
        .sign(new TextEncoder().encode("crafted-secret"))],
    ["a signature by another key", async (req, email) => crafted.sign(req, { email }, (await generateKeyPair("RS256")).privateKey)],
    ["a wrong nonce", (req, email) => crafted.sign({ ...req, nonce: "another-nonce" }, { email })],
    ["another issuer", (req, email) => crafted.sign(req, { email, iss: idp.issuer })],
    ["another audience", (req, email) => crafted.sign(req, { email, aud: "someone-else" })],
    ["an expired token", (req, email) => crafted.sign(req, { email, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 })],
  ];

  for (const [name, make] of cases) {
    it(`refuses ${name}`, async () => {
      const s = await craftedSetup();
      const email = `person@${s.domain}`;
      crafted.idToken = async (req) => make(req, email);
      const res = await callback(await throughIdp(s, email, craftedLogin));
      expectRefused(res, "TOKEN_INVALID");
      expect(await sessionsOf(s.connectionId)).toBe(0);
      expect(await userByEmail(email)).toBeUndefined();
    });
  }

  it("refuses to start when discovery names another issuer", async () => {
    crafted.discoveryIssuer = "https://impostor.example.com";
    try {
      const s = await craftedSetup();
      const start = await startGET(new Request(`${AUTH_URL}/sso/${s.connectionId}/start`) as never, params({ connectionId: s.connectionId }));
      expect(start.headers.get("location")).toBe(`${AUTH_URL}/sso/error?reason=IDP_MISCONFIGURED`);
      const db = await getDb();
      const [states] = await db.select({ n: count() }).from(ssoLoginStates).where(eq(ssoLoginStates.connectionId, s.connectionId));
      expect(states!.n).toBe(0);
    } finally {
      crafted.discoveryIssuer = undefined;
    }
  });
});

describe("connections", () => {
  it("refuses plain http issuers not in SSO_ALLOWED_HTTP_HOSTS, naming the field", () => {
    const r = connectionInput.safeParse({ protocol: "oidc", name: "x", issuer: "http://idp.example.com", clientId: "c", clientSecret: "s" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ["issuer"], message: "must use https" });
  });

  it("needs the sso plan feature, and writes nothing without it", async () => {
    const fx = await createOrg({ plan: "team" });
    const input = connectionInput.parse({ protocol: "oidc", name: "x", issuer: idp.issuer, clientId: "c", clientSecret: "s" });
    await expect(inTransaction(fx, (tx, ctx) => createConnection(tx, ctx, input))).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("Enterprise") });
    const db = await getDb();
    expect(await db.select().from(ssoConnections).where(eq(ssoConnections.organizationId, fx.org.id))).toHaveLength(0);
  });

  it("keeps the client secret sealed, out of audit and events, and another organization's connection is not found", async () => {
    const s = await setup();
    const db = await getDb();
    const [row] = await db.select().from(ssoConnections).where(eq(ssoConnections.id, s.connectionId));
    expect(row!.clientSecretSealed).toMatch(/^v1\./);
    expect(row!.clientSecretSealed).not.toContain("console-secret");
    const everything = JSON.stringify([await db.select().from(auditLogs).where(eq(auditLogs.organizationId, s.org.id)), await outboxRows(s.org.id)]);
    expect(everything).not.toContain("console-secret");
    expect(everything).not.toContain(row!.clientSecretSealed);
    const other = await createOrg({ plan: "enterprise" });
    await expect(getConnection(db, other.org.id, s.connectionId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("connection input", () => {
  it("names every bad field at once on create", () => {
    const r = createConnectionInput.safeParse({ protocol: "oidc", name: "", issuer: "ftp://x", clientId: "c", clientSecret: "" });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["name", "issuer", "clientSecret"]));
  });

  it("takes group mapping rows and refuses owner as a mapped or default role", () => {
    const ok = connectionInput.parse({ protocol: "oidc", name: "x", issuer: "https://idp.example.com", clientId: "c", groupsClaim: "groups", groupRoleMapping: [{ group: "eng", role: "admin" }] });
    expect(ok.groupRoleMapping).toEqual({ eng: "admin" });
    expect(connectionInput.safeParse({ protocol: "oidc", name: "x", issuer: "https://idp.example.com", clientId: "c", groupRoleMapping: [{ group: "eng", role: "owner" }] }).success).toBe(false);
    expect(connectionInput.safeParse({ protocol: "oidc", name: "x", issuer: "https://idp.example.com", clientId: "c", defaultRole: "owner" }).success).toBe(false);
  });
});

describe("client credentials", () => {
  it("a wrong client secret is the IdP's refusal (IDP_ERROR), not a token problem", async () => {
    const s = await setup({ secret: "not-the-secret" });
    expectRefused(await callback(await throughIdp(s, `wrong@${s.domain}`)), "IDP_ERROR");
    expect(await sessionsOf(s.connectionId)).toBe(0);
  });
});

describe("Admin API /sso-connections", () => {
  it("creates, lists, reads, patches and deletes a connection; the secret never comes back", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    const { secret } = await createTestAdminKey(fx, "security");
    const headers = asKey(secret);
    const created = await call(ssoConnectionsApi.POST, apiRequest("POST", "/sso-connections", { headers, body: { protocol: "oidc", name: "Okta", issuer: idp.issuer, clientId: "console", clientSecret: "console-secret", groupsClaim: "groups", groupRoleMapping: { secops: "security" } } }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ protocol: "oidc", name: "Okta", issuer: idp.issuer, hasClientSecret: true, tested: false, groupRoleMapping: { secops: "security" } });
    expect(JSON.stringify(created.body)).not.toContain("console-secret");
    const id = created.body.id as string;

    const list = await call(ssoConnectionsApi.GET, apiRequest("GET", "/sso-connections", { headers }));
    expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([id]);
    const one = await call(ssoConnectionApi.GET, apiRequest("GET", `/sso-connections/${id}`, { headers }), { connectionId: id });
    expect(one.body.id).toBe(id);

    const patched = await call(ssoConnectionApi.PATCH, apiRequest("PATCH", `/sso-connections/${id}`, { headers, body: { name: "Okta prod", clientSecret: "new-secret" } }), { connectionId: id });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Okta prod", issuer: idp.issuer, clientId: "console" });
    const db = await getDb();
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.organizationId, fx.org.id), eq(auditLogs.action, "security.sso_connection.updated")));
    expect(audit!.changes).toMatchObject({ name: { from: "Okta", to: "Okta prod" }, clientSecret: "(changed)" });
    expect(JSON.stringify(audit!.changes)).not.toContain("new-secret");

    const bad = await call(ssoConnectionApi.PATCH, apiRequest("PATCH", `/sso-connections/${id}`, { headers, body: { issuer: "http://idp.example.com", defaultRole: "owner", protocol: "saml" } }), { connectionId: id });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["defaultRole", "issuer", "protocol"]);

    const deleted = await call(ssoConnectionApi.DELETE, apiRequest("DELETE", `/sso-connections/${id}`, { headers }), { connectionId: id });
    expect(deleted.status).toBe(204);
    expect((await outboxRows(fx.org.id)).map((e) => e.type)).toEqual(expect.arrayContaining(["security.sso_connection.created", "security.sso_connection.updated", "security.sso_connection.deleted"]));
    const gone = await call(ssoConnectionApi.GET, apiRequest("GET", `/sso-connections/${id}`, { headers }), { connectionId: id });
    expect(gone.status).toBe(404);
  });

  it("answers 403 naming the plan when the plan has no SSO, and 400 naming each bad field", async () => {
    const team = await createOrg({ plan: "team" });
    const { secret } = await createTestAdminKey(team, "owner");
    const res = await call(ssoConnectionsApi.POST, apiRequest("POST", "/sso-connections", { headers: asKey(secret), body: { protocol: "oidc", name: "x", issuer: "https://idp.example.com", clientId: "c", clientSecret: "s" } }));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("Enterprise");

    const ent = await createOrg({ plan: "enterprise" });
    const key = await createTestAdminKey(ent, "owner");
    const bad = await call(ssoConnectionsApi.POST, apiRequest("POST", "/sso-connections", { headers: asKey(key.secret), body: { protocol: "oidc", name: "", issuer: "http://idp.example.com", clientId: "c" } }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["issuer", "name"]);
    const noSecret = await call(ssoConnectionsApi.POST, apiRequest("POST", "/sso-connections", { headers: asKey(key.secret), body: { protocol: "oidc", name: "x", issuer: "https://idp.example.com", clientId: "c", metadataUrl: "https://idp.example.com/md" } }));
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["clientSecret", "metadataUrl"]);
    const db = await getDb();
    expect(await db.select().from(ssoConnections).where(eq(ssoConnections.organizationId, ent.org.id))).toHaveLength(0);
  });
});
