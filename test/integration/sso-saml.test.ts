import { and, eq } from "drizzle-orm";
import { SAML } from "@node-saml/node-saml";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { POST as acsPost } from "@/app/(auth)/sso/saml/[connectionId]/acs/route";
import { GET as metadataGet } from "@/app/(auth)/sso/saml/[connectionId]/metadata/route";
import { getDb } from "@/db/client";
import { accounts, memberships, sessions, ssoConnections, ssoLoginStates, ssoReplayGuard, users, type SsoConnection } from "@/db/schema";
import { BROWSER_KEY_COOKIE, createLoginState } from "@/lib/sso/login-state";
import { SsoRefusal } from "@/lib/sso/refusals";
import { verifySamlResponse } from "@/lib/sso/saml";
import { samlSpUrls, spMetadataXml } from "@/lib/sso/saml-metadata";
import { startSignIn } from "@/lib/sso/start";
import {
  commentInjectedResponse,
  createSamlIdp,
  encodeResponse,
  tamperedResponse,
  wrappedResponse,
  type ResponseOverrides,
  type SamlIdp,
  type SamlTestUser,
} from "../idp/saml-idp";
import { auditRows, createOrg, unique, type OrgFixture } from "../factories";
import { addVerifiedDomain, createSamlConnection, ssoBrowser } from "../sso-factories";

// SAML sign-in end to end in-process: the console's AuthnRequest → the samlify test IdP → the
// ACS route. Every refusal must leave no session, no user and no membership behind.

const CONSOLE = "http://localhost:3000";
/** the browser every flow of this file runs in, unless a test says otherwise */
const browser = ssoBrowser();
beforeAll(() => {
  process.env.AUTH_URL = CONSOLE;
});

type World = { fx: OrgFixture; idp: SamlIdp; conn: SsoConnection; domain: string };

async function world(opts: { groups?: boolean } = {}): Promise<World> {
  const fx = await createOrg({ plan: "enterprise" });
  const domain = await addVerifiedDomain(fx.org.id);
  const idp = createSamlIdp();
  const conn = await createSamlConnection(fx, idp.metadataXml, opts.groups ? { groupsClaim: "groups", groupRoleMapping: { "console-admins": "admin" } } : {});
  return { fx, idp, conn, domain };
}

/** Starts a sign-in (or a console test) the way the start route does: the IdP URL. */
async function start(w: World, purpose: "sign_in" | "test" = "sign_in") {
  return startSignIn(await getDb(), w.conn, { purpose, browserKey: browser.key, initiatedById: purpose === "test" ? w.fx.owner.id : null });
}

/** Posts a form to the ACS as the IdP's auto-submitting page does. */
async function postAcs(connectionId: string, form: { SAMLResponse: string; RelayState: string }, cookie: string | null = browser.cookie) {
  const req = new NextRequest(`${CONSOLE}/sso/saml/${connectionId}/acs`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "vitest-saml", "x-anyint-client-ip": "203.0.113.9", ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(form).toString(),
  });
  const res = await acsPost(req, { params: Promise.resolve({ connectionId }) });
  const location = new URL(res.headers.get("location")!);
  return { status: res.status, location, path: location.pathname + location.search, cookie: res.headers.get("set-cookie") };
}

/** A full round: start, the IdP answers for `user` (bent by `overrides`, edited by `edit`), post to the ACS. */
async function signIn(w: World, user: SamlTestUser, overrides: ResponseOverrides = {}, edit?: (xml: string) => string) {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const answer = await w.idp.respond(await start(w), spMetadataXml(w.conn.id), user, overrides);
  const form = edit ? { SAMLResponse: encodeResponse(edit(answer.xml)), RelayState: answer.RelayState } : answer;
  const res = await postAcs(w.conn.id, form);
  // the refusal's detail, as logged by the callback ("[sso] sign-in refused: REASON: detail")
  const refused = warn.mock.calls.map((c) => String(c[0])).find((m) => m.startsWith("[sso] sign-in refused")) ?? null;
  warn.mockRestore();
  return { answer, refused, ...res };
}

async function userState(email: string) {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user) return { user: null, sessions: 0, memberships: 0 };
  const s = await db.select().from(sessions).where(eq(sessions.userId, user.id));
  const m = await db.select().from(memberships).where(eq(memberships.userId, user.id));
  return { user, sessions: s.length, memberships: m.length };
}

async function expectNobodySignedIn(res: { status: number; cookie: string | null }, email: string) {
  expect(res.status).toBe(303);
  expect(res.cookie).toBeNull();
  expect(await userState(email)).toEqual({ user: null, sessions: 0, memberships: 0 });
}

describe("SAML sign-in", () => {
  it("sends an unsigned AuthnRequest over HTTP-Redirect and remembers its ID in the login state", async () => {
    const w = await world();
    const url = new URL(await start(w));
    expect(url.origin + url.pathname).toBe(w.idp.ssoUrl);
    const relayState = url.searchParams.get("RelayState")!;
    expect(url.searchParams.get("SAMLRequest")).toBeTruthy();
    expect(url.searchParams.get("Signature")).toBeNull();
    const db = await getDb();
    const [state] = await db.select().from(ssoLoginStates).where(eq(ssoLoginStates.id, relayState));
    expect(state).toMatchObject({ connectionId: w.conn.id, purpose: "sign_in", usedAt: null });
    expect(state!.requestId).toMatch(/^_[0-9a-f]{40}$/);
    // what the IdP reads from it
    const answer = await w.idp.respond(url.href, spMetadataXml(w.conn.id), { email: `a@${w.domain}` });
    expect(answer.requestId).toBe(state!.requestId);
    expect(answer.acsUrl).toBe(samlSpUrls(w.conn.id).acsUrl);
  });

  it("signs in with a signed assertion: a session (method saml), the cookie, JIT membership and the group's role", async () => {
    const w = await world({ groups: true });
    const email = `${unique("ada")}@${w.domain}`;
    const res = await signIn(w, { email, name: "Ada Lovelace", groups: ["engineering", "console-admins"] });

    expect(res.status).toBe(303);
    expect(res.path).toBe(`/${w.fx.org.slug}`);
    expect(res.cookie).toMatch(/^authjs\.session-token=[0-9a-f]{64}; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/);
    const token = /=([0-9a-f]{64})/.exec(res.cookie!)![1]!;
    const db = await getDb();
    const [session] = await db.select().from(sessions).where(eq(sessions.sessionToken, token));
    expect(session).toMatchObject({ method: "saml", ssoConnectionId: w.conn.id, ip: "203.0.113.9", userAgent: "vitest-saml" });
    const [user] = await db.select().from(users).where(eq(users.id, session!.userId));
    expect(user).toMatchObject({ email, name: "Ada Lovelace" });
    const [membership] = await db.select().from(memberships).where(and(eq(memberships.userId, user!.id), eq(memberships.organizationId, w.fx.org.id)));
    expect(membership).toMatchObject({ role: "admin", joinedVia: "sso" });
    const [account] = await db.select().from(accounts).where(eq(accounts.userId, user!.id));
    expect(account).toMatchObject({ provider: `sso:${w.conn.id}`, providerAccountId: email });
    const audit = await auditRows(w.fx.org.id);
    expect(audit.find((a) => a.action === "member.joined" && a.targetId === user!.id)).toBeTruthy();
    const [guard] = await db.select().from(ssoReplayGuard).where(eq(ssoReplayGuard.id, `saml:${w.conn.id}:${res.answer.assertionId}`));
    expect(guard!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 4 * 60 * 1000);
  });

  it("reads the email from the NameID when no email attribute is sent, and the name from given name and surname", async () => {
    const w = await world();
    const email = `${unique("grace")}@${w.domain}`;
    const res = await signIn(w, { nameId: email, email: null, attributes: { givenName: "Grace", surname: "Hopper" } });
    expect(res.cookie).toBeTruthy();
    expect((await userState(email)).user).toMatchObject({ name: "Grace Hopper" });
  });

  it("a console test records the test and creates no session and no membership", async () => {
    const w = await world();
    const email = `${unique("tester")}@${w.domain}`;
    const answer = await w.idp.respond(await start(w, "test"), spMetadataXml(w.conn.id), { email, groups: [] });
    const res = await postAcs(w.conn.id, answer);
    expect(res.cookie).toBeNull();
    expect(res.location.pathname).toBe(`/${w.fx.org.slug}/security/sso/${w.conn.id}`);
    expect(res.location.searchParams.get("test")).toBeTruthy();
    expect(await userState(email)).toEqual({ user: null, sessions: 0, memberships: 0 });
    const db = await getDb();
    const [conn] = await db.select().from(ssoConnections).where(eq(ssoConnections.id, w.conn.id));
    expect(conn!.testedAt).not.toBeNull();
    expect(conn!.testedById).toBe(w.fx.owner.id);
  });

  it("a refused console test goes back to the connection page with the reason, and records nothing", async () => {
    const w = await world();
    const answer = await w.idp.respond(await start(w, "test"), spMetadataXml(w.conn.id), { email: `t@${w.domain}` }, { signWith: "other" });
    const res = await postAcs(w.conn.id, answer);
    expect(res.location.pathname).toBe(`/${w.fx.org.slug}/security/sso/${w.conn.id}`);
    const payload = JSON.parse(Buffer.from(res.location.searchParams.get("test")!.split(".")[0]!, "base64url").toString("utf8"));
    expect(payload).toMatchObject({ ok: false, reason: "ASSERTION_INVALID", detail: expect.stringMatching(/not validly signed/) });
    const db = await getDb();
    const [conn] = await db.select().from(ssoConnections).where(eq(ssoConnections.id, w.conn.id));
    expect(conn!.testedAt).toBeNull();
  });
});

describe("SAML refusals leave no session", () => {
  const victim = (w: World) => `${unique("victim")}@${w.domain}`;

  it.each<[string, ResponseOverrides, RegExp]>([
    ["an unsigned assertion", { signWith: "none" }, /not validly signed/],
    ["an assertion signed by a certificate not in the metadata", { signWith: "other" }, /not validly signed/],
    ["a wrong audience", { audience: "https://someone-else.test/sp" }, /audience mismatch/],
    ["a wrong recipient", { recipient: "https://someone-else.test/acs" }, /recipient is https:\/\/someone-else\.test\/acs/],
    ["a wrong destination", { destination: "https://someone-else.test/acs" }, /destination is https:\/\/someone-else\.test\/acs/],
    ["an expired assertion (NotOnOrAfter past)", { notOnOrAfterIn: -120, notBeforeIn: -600 }, /validity period/],
    ["an assertion not yet valid (NotBefore ahead)", { notBeforeIn: 600, notOnOrAfterIn: 900 }, /not yet valid/],
    ["an answer to another request (InResponseTo)", { inResponseTo: "_0123456789abcdef0123456789abcdef01234567" }, /InResponseTo/],
    ["another issuer", { issuer: "https://evil-idp.test" }, /issuer is https:\/\/evil-idp\.test/],
  ])("%s", async (_label, overrides, detail) => {
    const w = await world();
    const email = victim(w);
    const res = await signIn(w, { email }, overrides);
    expect(res.path).toBe("/sso/error?reason=ASSERTION_INVALID");
    expect(res.refused).toMatch(detail);
    await expectNobodySignedIn(res, email);
  });

  it("an assertion edited after signing", async () => {
    const w = await world();
    const attacker = `${unique("mallory")}@${w.domain}`;
    const email = victim(w);
    const res = await signIn(w, { email: attacker }, {}, (xml) => tamperedResponse(xml, email));
    expect(res.path).toBe("/sso/error?reason=ASSERTION_INVALID");
    expect(res.refused).toMatch(/not validly signed/);
    await expectNobodySignedIn(res, email);
    await expectNobodySignedIn(res, attacker);
  });

  it.each(["evil-first", "evil-last", "wrapped-in-evil", "wrapped-in-extensions", "moved-signature"] as const)(
    "signature wrapping: %s",
    async (variant) => {
      const w = await world();
      const attacker = `${unique("mallory")}@${w.domain}`;
      const email = victim(w);
      const res = await signIn(w, { email: attacker }, {}, (xml) => wrappedResponse(xml, email, variant));
      expect(res.path).toBe("/sso/error?reason=ASSERTION_INVALID");
      expect(res.refused).toMatch(/signature|signed/i);
      await expectNobodySignedIn(res, email);
      await expectNobodySignedIn(res, attacker);
    },
  );

  it("a comment injected into the NameID does not shorten the signed address", async () => {
    const w = await world();
    const email = victim(w);
    // the attacker owns a mailbox at victim@<domain>.evil.test, the IdP signs that
    const split = { before: email, after: ".evil.test" };
    const res = await signIn(w, { email: email + split.after }, {}, (xml) => commentInjectedResponse(xml, split));
    // the whole signed address was read: its domain is not the organization's
    expect(res.path).toBe("/sso/error?reason=DOMAIN_NOT_VERIFIED");
    await expectNobodySignedIn(res, email);
  });

  it("a replayed response: the second post is refused and makes no second session", async () => {
    const w = await world();
    const email = `${unique("ada")}@${w.domain}`;
    const first = await signIn(w, { email });
    expect(first.cookie).toBeTruthy();
    const again = await postAcs(w.conn.id, first.answer);
    expect(again.path).toBe("/sso/error?reason=STATE_INVALID");
    expect(again.cookie).toBeNull();
    expect((await userState(email)).sessions).toBe(1);
  });

  it("the replay guard refuses an assertion id seen before, even with a valid state", async () => {
    const w = await world();
    const email = `${unique("ada")}@${w.domain}`;
    const db = await getDb();
    const url = await start(w);
    const answer = await w.idp.respond(url, spMetadataXml(w.conn.id), { email });
    const [state] = await db.select().from(ssoLoginStates).where(eq(ssoLoginStates.id, answer.RelayState));
    const profile = await verifySamlResponse(db, w.conn, state!, { connectionId: w.conn.id, samlResponse: answer.SAMLResponse });
    expect(profile).toMatchObject({ email, subject: email, emailVerified: true });
    const replay = await verifySamlResponse(db, w.conn, state!, { connectionId: w.conn.id, samlResponse: answer.SAMLResponse }).catch((e: unknown) => e);
    expect(replay).toBeInstanceOf(SsoRefusal);
    expect((replay as SsoRefusal).reason).toBe("REPLAYED");
  });

  it("an error status from the IdP (the person cancelled) is IDP_ERROR", async () => {
    const w = await world();
    const answer = await w.idp.respond(await start(w), spMetadataXml(w.conn.id), { email: victim(w) });
    const status =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_e1" Version="2.0" ` +
      `IssueInstant="${new Date().toISOString()}" Destination="${answer.acsUrl}" InResponseTo="${answer.requestId}"><saml:Issuer>${w.idp.entityId}</saml:Issuer>` +
      `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode>` +
      `<samlp:StatusMessage>User cancelled</samlp:StatusMessage></samlp:Status></samlp:Response>`;
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const res = await postAcs(w.conn.id, { SAMLResponse: encodeResponse(status), RelayState: answer.RelayState });
    expect(res.path).toBe("/sso/error?reason=IDP_ERROR");
    expect(res.cookie).toBeNull();
  });

  it("an unknown RelayState", async () => {
    const w = await world();
    const email = victim(w);
    const answer = await w.idp.respond(await start(w), spMetadataXml(w.conn.id), { email });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const res = await postAcs(w.conn.id, { SAMLResponse: answer.SAMLResponse, RelayState: "not-a-state" });
    expect(res.path).toBe("/sso/error?reason=STATE_INVALID");
    await expectNobodySignedIn(res, email);
  });

  it("a RelayState of another connection", async () => {
    const w = await world();
    const other = await createSamlConnection(w.fx, w.idp.metadataXml);
    const email = victim(w);
    const answer = await w.idp.respond(await start(w), spMetadataXml(w.conn.id), { email });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const res = await postAcs(other.id, answer);
    expect(res.path).toBe("/sso/error?reason=STATE_INVALID");
    await expectNobodySignedIn(res, email);
  });

  it("a state not started for SAML, an empty post, an address outside the verified domains", async () => {
    const w = await world();
    const db = await getDb();
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const state = await createLoginState(db, { connectionId: w.conn.id, purpose: "sign_in", browserKey: browser.key });
    const answer = await w.idp.respond(await start(w), spMetadataXml(w.conn.id), { email: victim(w) });
    expect((await postAcs(w.conn.id, { SAMLResponse: answer.SAMLResponse, RelayState: state.id })).path).toBe("/sso/error?reason=STATE_INVALID");
    expect((await postAcs(w.conn.id, { SAMLResponse: "", RelayState: "" })).path).toBe("/sso/error?reason=STATE_INVALID");

    const outsider = `${unique("eve")}@elsewhere.test`;
    const res = await signIn(w, { email: outsider });
    expect(res.path).toBe("/sso/error?reason=DOMAIN_NOT_VERIFIED");
    await expectNobodySignedIn(res, outsider);
  });
});

describe("SAML answers bound to the browser and free of DOCTYPEs", () => {
  const victim = (w: World) => `${unique("victim")}@${w.domain}`;

  it("refuses a response with a DOCTYPE before any XML parser sees it", async () => {
    const w = await world();
    const email = victim(w);
    const parse = vi.spyOn(SAML.prototype, "validatePostResponseAsync");
    // a signed, otherwise valid answer carrying an internal entity (the start of XXE and entity expansion)
    const res = await signIn(w, { email }, {}, (xml) => xml.replace(/^(<\?xml[^>]*\?>)?/, '$1<!DOCTYPE r [<!ENTITY e "expanded">]>'));
    expect(res.path).toBe("/sso/error?reason=ASSERTION_INVALID");
    expect(res.refused).toMatch(/DOCTYPE/);
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
    await expectNobodySignedIn(res, email);
  });

  it("refuses a RelayState presented by a browser without the start's cookie, and signs in the browser that started", async () => {
    const w = await world();
    const email = victim(w);
    const answer = await w.idp.respond(await start(w), spMetadataXml(w.conn.id), { email });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    // the attacker forwards a flow they started to a victim whose browser has no cookie, or another one
    for (const cookie of [null, ssoBrowser().cookie, `${BROWSER_KEY_COOKIE}=%E0%A4%A`]) {
      const res = await postAcs(w.conn.id, answer, cookie);
      expect(res.path).toBe("/sso/error?reason=STATE_INVALID");
      await expectNobodySignedIn(res, email);
    }
    // the wrong browsers used nothing up: the browser that started completes
    const res = await postAcs(w.conn.id, answer);
    expect(res.path).toBe(`/${w.fx.org.slug}`);
    expect(res.cookie).toMatch(/^authjs\.session-token=/);
  });
});

describe("GET /sso/saml/{connectionId}/metadata", () => {
  it("serves the SP metadata of a SAML connection, and 404 for anything else", async () => {
    const w = await world();
    const res = await metadataGet(new NextRequest(`${CONSOLE}/sso/saml/${w.conn.id}/metadata`), { params: Promise.resolve({ connectionId: w.conn.id }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/samlmetadata+xml; charset=utf-8");
    const xml = await res.text();
    expect(xml).toContain(`entityID="${CONSOLE}/sso/saml/${w.conn.id}"`);
    expect(xml).toContain(`Location="${CONSOLE}/sso/saml/${w.conn.id}/acs"`);
    expect(xml).toContain('WantAssertionsSigned="true"');

    const missing = await metadataGet(new NextRequest(`${CONSOLE}/sso/saml/nope/metadata`), { params: Promise.resolve({ connectionId: "sso_nope" }) });
    expect(missing.status).toBe(404);
  });
});
