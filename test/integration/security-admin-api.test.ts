import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as domainRoute from "@/app/api/v1/domains/[domainId]/route";
import * as verifyRoute from "@/app/api/v1/domains/[domainId]/verify/route";
import * as domainsRoute from "@/app/api/v1/domains/route";
import * as policyRoute from "@/app/api/v1/security-policy/route";
import * as sessionRoute from "@/app/api/v1/sessions/[sessionId]/route";
import * as revokeAllRoute from "@/app/api/v1/sessions/revoke-all/route";
import * as sessionsRoute from "@/app/api/v1/sessions/route";
import { getDb } from "@/db/client";
import { recoveryCodes, securityPolicies, sessions, ssoDomains } from "@/db/schema";
import { openApiDocument } from "@/lib/api/openapi";
import { sessionPublicId } from "@/lib/security/sessions";
import { startLocalDns, type LocalDns } from "../dns/dns-server";
import {
  addMember,
  apiRequest,
  asKey,
  asSession,
  auditRows,
  call,
  createOrg,
  createTestAdminKey,
  createUser,
  orgState,
  outboxRows,
  unique,
  type HeaderMap,
  type Json,
  type OrgFixture,
} from "../factories";
import { sessionFor, sessionRow } from "../session-factories";
import { addVerifiedDomain, createOidcConnection, markTested } from "../sso-factories";

// The Admin API of the security console, called in-process with a security-role admin key:
// domains (verified through a local DNS server), the security policy and members' sessions.

let dns: LocalDns;
const savedServers = process.env.DNS_SERVERS;

beforeAll(async () => {
  dns = await startLocalDns();
  process.env.DNS_SERVERS = dns.servers;
});

afterAll(async () => {
  process.env.DNS_SERVERS = savedServers;
  await dns.close();
});

/** An enterprise organization and a security-role admin key. */
async function setup(plan: "enterprise" | "free" = "enterprise") {
  const fx = await createOrg({ plan });
  const key = await createTestAdminKey(fx, "security");
  return { fx, keyId: key.adminKey.id, auth: asKey(key.secret) };
}

type Call = { method: string; path: string; handler: Parameters<typeof call>[0]; params?: Record<string, string>; body?: unknown; headers: HeaderMap };
const send = ({ method, path, handler, params, body, headers }: Call) => call(handler, apiRequest(method, path, { headers, body }), params);

const claim = (headers: HeaderMap, body: unknown) => send({ method: "POST", path: "/domains", handler: domainsRoute.POST, body, headers });
const listDomains = (headers: HeaderMap, query = "") => send({ method: "GET", path: `/domains${query}`, handler: domainsRoute.GET, headers });
const verify = (headers: HeaderMap, domainId: string) =>
  send({ method: "POST", path: `/domains/${domainId}/verify`, handler: verifyRoute.POST, params: { domainId }, headers });
const removeDomain = (headers: HeaderMap, domainId: string) =>
  send({ method: "DELETE", path: `/domains/${domainId}`, handler: domainRoute.DELETE, params: { domainId }, headers });
const getPolicy = (headers: HeaderMap) => send({ method: "GET", path: "/security-policy", handler: policyRoute.GET, headers });
const patchPolicy = (headers: HeaderMap, body: unknown) => send({ method: "PATCH", path: "/security-policy", handler: policyRoute.PATCH, body, headers });
const listSessions = (headers: HeaderMap, query = "") => send({ method: "GET", path: `/sessions${query}`, handler: sessionsRoute.GET, headers });
const endSession = (headers: HeaderMap, sessionId: string) =>
  send({ method: "DELETE", path: `/sessions/${sessionId}`, handler: sessionRoute.DELETE, params: { sessionId }, headers });
const revokeAll = (headers: HeaderMap) => send({ method: "POST", path: "/sessions/revoke-all", handler: revokeAllRoute.POST, headers });

const audited = async (fx: OrgFixture, action: string) => (await auditRows(fx.org.id)).filter((a) => a.action === action);
const events = async (fx: OrgFixture, type: string) => (await outboxRows(fx.org.id)).filter((e) => e.type === type);

describe("domains", () => {
  it("claims, lists with the TXT record, verifies through DNS and deletes, each audited", async () => {
    const { fx, keyId, auth } = await setup();
    const name = `${unique("corp")}.test`;
    const created = await claim(auth, { domain: ` ${name.toUpperCase()}. ` });
    expect(created.status).toBe(201);
    const domain = created.body;
    expect(domain).toMatchObject({ id: expect.stringMatching(/^dom_/), domain: name, status: "pending", verifiedAt: null, lastCheckError: null });
    expect(domain.record).toEqual({ type: "TXT", name: `_anyint-challenge.${name}`, value: expect.stringMatching(/^anyint-domain-verification=/) });
    expect(await audited(fx, "security.domain.claimed")).toMatchObject([{ actorType: "admin_key", actorId: keyId, targetId: domain.id, changes: { domain: name } }]);

    const listed = await listDomains(auth);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ data: [domain], nextCursor: null });

    // no record yet: an answer, not an error
    const early = await verify(auth, domain.id);
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ status: "pending", verifiedAt: null, lastCheckedAt: expect.any(String) });
    expect(early.body.lastCheckError).toContain(`No TXT record found at _anyint-challenge.${name}`);

    dns.setTxt(domain.record.name, ["anyint-domain-verification=somebody-else"]);
    const wrong = await verify(auth, domain.id);
    expect(wrong.body.status).toBe("pending");
    expect(wrong.body.lastCheckError).toContain("has the wrong value (anyint-domain-verification=somebody-else)");

    dns.setTxt(domain.record.name, ["v=spf1 -all", domain.record.value]);
    const verified = await verify(auth, domain.id);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ id: domain.id, status: "verified", verifiedAt: expect.any(String), lastCheckError: null });
    expect(await audited(fx, "security.domain.verified")).toMatchObject([{ actorId: keyId, targetId: domain.id }]);
    expect(await events(fx, "security.domain.verified")).toMatchObject([{ payload: { data: { domain: { id: domain.id, name } } } }]);
    // verifying again answers the verified domain and records nothing more
    expect((await verify(auth, domain.id)).body.status).toBe("verified");
    expect(await audited(fx, "security.domain.verified")).toHaveLength(1);

    expect((await removeDomain(auth, domain.id)).status).toBe(204);
    expect(await audited(fx, "security.domain.deleted")).toMatchObject([{ actorId: keyId, changes: { domain: name, wasVerified: true } }]);
    expect((await listDomains(auth)).body.data).toEqual([]);
    expect((await removeDomain(auth, domain.id)).status).toBe(404);
  });

  it("records a DNS failure on the domain for the caller to read", async () => {
    const { auth } = await setup();
    const { body: domain } = await claim(auth, { domain: `${unique("broken")}.test` });
    dns.breakName(domain.record.name);
    const res = await verify(auth, domain.id);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("pending");
    expect(res.body.lastCheckError).toContain("SERVFAIL");
  });

  it("pages through domains by name", async () => {
    const { auth } = await setup();
    const names = ["a", "b", "c"].map((p) => `${p}-${unique("page")}.test`);
    for (const domain of names) expect((await claim(auth, { domain })).status).toBe(201);
    const first = await listDomains(auth, "?limit=2");
    expect(first.body.data.map((d: Json) => d.domain)).toEqual(names.slice(0, 2));
    const second = await listDomains(auth, `?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body).toMatchObject({ data: [{ domain: names[2] }], nextCursor: null });
    expect((await listDomains(auth, "?limit=0")).body.error.details).toEqual([{ path: "query.limit", message: "must be 1 to 100" }]);
  });

  it.each([
    ["an email address", { domain: "alice@acme.test" }, "domain", "is a domain, not an email address: enter only the part after @"],
    ["a URL", { domain: "https://acme.test/" }, "domain", "is a domain, not a URL: enter only the host name (acme.com)"],
    ["a public email provider", { domain: "gmail.com" }, "domain", expect.stringContaining("is a public email provider")],
    ["no domain", {}, "domain", expect.any(String)],
    ["an unknown field", { domain: "acme-corp.test", verified: true }, "verified", "is not a known field"],
  ])("refuses %s naming the field, and writes nothing", async (_what, body, path, message) => {
    const { fx, auth } = await setup();
    const before = await orgState(fx.org.id);
    const res = await claim(auth, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "INVALID_REQUEST", details: [{ path, message }] });
    expect(await orgState(fx.org.id)).toEqual(before);
  });

  it("says plainly when the plan has no SSO, and a domain verified elsewhere cannot be claimed", async () => {
    const free = await setup("free");
    const refused = await claim(free.auth, { domain: `${unique("corp")}.test` });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/^Single sign-on, domains and enforcement come with the .* plan/);

    const { auth } = await setup();
    const taken = await addVerifiedDomain((await createOrg({ plan: "enterprise" })).org.id);
    const conflict = await claim(auth, { domain: taken });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.details).toEqual([{ path: "domain", message: "is already verified by another organization" }]);
  });
});

describe("security policy", () => {
  it("reads the policy with the enforcement checklist, and refuses enforcement with what is missing", async () => {
    const { fx, auth } = await setup();
    const res = await getPolicy(auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ssoEnforced: false,
      sessionMaxAgeSeconds: null,
      sessionIdleTimeoutSeconds: null,
      enforcement: {
        planIncludesSso: true,
        connections: [],
        verifiedDomains: [],
        missing: ["There is no enabled SSO connection.", "No domain is verified."],
        ownersWithoutRecoveryCodes: [{ userId: fx.owner.id, email: fx.owner.email }],
      },
    });

    const before = await orgState(fx.org.id);
    // the session change in the same request is rolled back with the refusal
    const refused = await patchPolicy(auth, { sessionIdleTimeoutSeconds: 600, ssoEnforced: true });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: "CONFLICT",
      message: "Single sign-on cannot be enforced yet: There is no enabled SSO connection. No domain is verified.",
      details: [{ path: "ssoEnforced", message: "There is no enabled SSO connection. No domain is verified." }],
    });
    expect(await orgState(fx.org.id)).toEqual(before);

    // an untested connection is named as such
    await createOidcConnection(fx);
    const untested = await patchPolicy(auth, { ssoEnforced: true });
    expect(untested.body.error.details[0].message).toContain("No enabled SSO connection has passed a test sign-in");
  });

  it("refuses bad values naming each field, unknown fields and an empty change, and writes nothing", async () => {
    const { fx, auth } = await setup();
    const before = await orgState(fx.org.id);
    const cases: [unknown, { path: string; message: string }[]][] = [
      [
        { sessionMaxAgeSeconds: 60, sessionIdleTimeoutSeconds: 31 * 86400 },
        [
          { path: "sessionMaxAgeSeconds", message: "must be at least 1 hour" },
          { path: "sessionIdleTimeoutSeconds", message: "must be at most 30 days" },
        ],
      ],
      [{ sessionMaxAgeSeconds: 3600.5 }, [{ path: "sessionMaxAgeSeconds", message: "must be a whole number of seconds" }]],
      [{ sessionIdleTimeoutSeconds: "1h" }, [{ path: "sessionIdleTimeoutSeconds", message: "must be a number of seconds, or none" }]],
      [{ ssoEnforced: "yes" }, [{ path: "ssoEnforced", message: "must be true or false" }]],
      [{ ssoEnforced: false, keyPolicy: {} }, [{ path: "keyPolicy", message: "is not a known field" }]],
      [{}, [{ path: "(body)", message: "send at least one of ssoEnforced, sessionMaxAgeSeconds, sessionIdleTimeoutSeconds" }]],
    ];
    for (const [body, details] of cases) {
      const res = await patchPolicy(auth, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code: "INVALID_REQUEST", details });
    }
    expect(await orgState(fx.org.id)).toEqual(before);
  });

  it("changes only the fields sent, audits the change and emits security.policy.updated", async () => {
    const { fx, keyId, auth } = await setup();
    expect((await patchPolicy(auth, { sessionIdleTimeoutSeconds: 1800 })).body).toMatchObject({ sessionMaxAgeSeconds: null, sessionIdleTimeoutSeconds: 1800 });
    const res = await patchPolicy(auth, { sessionMaxAgeSeconds: 8 * 3600 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ssoEnforced: false, sessionMaxAgeSeconds: 8 * 3600, sessionIdleTimeoutSeconds: 1800 });
    expect((await getPolicy(auth)).body).toEqual(res.body);

    const changes = (await audited(fx, "security.policy.updated")).map((a) => a.changes);
    expect(changes).toEqual(
      expect.arrayContaining([
        { sessionIdleTimeoutSeconds: { from: null, to: 1800 } },
        { sessionMaxAgeSeconds: { from: null, to: 8 * 3600 } },
      ]),
    );
    expect((await audited(fx, "security.policy.updated")).every((a) => a.actorId === keyId)).toBe(true);
    const sent = await events(fx, "security.policy.updated");
    expect(sent.map((e) => e.payload.data)).toContainEqual(
      expect.objectContaining({ policy: "sessions", sessionPolicy: { sessionMaxAgeSeconds: 8 * 3600, sessionIdleTimeoutSeconds: 1800 } }),
    );
    // null removes a limit
    expect((await patchPolicy(auth, { sessionIdleTimeoutSeconds: null })).body.sessionIdleTimeoutSeconds).toBeNull();
  });

  it("turns enforcement on and off once ready, with no recovery codes in the answer or the database", async () => {
    const { fx, keyId, auth } = await setup();
    const domain = await addVerifiedDomain(fx.org.id);
    const conn = await markTested(await createOidcConnection(fx), fx.owner.id);
    const ready = await getPolicy(auth);
    expect(ready.body.enforcement).toMatchObject({ missing: [], verifiedDomains: [domain], connections: [{ id: conn.id, enabled: true, tested: true }] });

    const on = await patchPolicy(auth, { ssoEnforced: true });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ ssoEnforced: true, enforcement: { ownersWithoutRecoveryCodes: [{ userId: fx.owner.id }] } });
    expect(JSON.stringify(on.body)).not.toMatch(/recoveryCodes"/);
    const db = await getDb();
    expect(await db.select().from(recoveryCodes).where(eq(recoveryCodes.organizationId, fx.org.id))).toEqual([]);
    const [row] = await db.select().from(securityPolicies).where(eq(securityPolicies.organizationId, fx.org.id));
    expect(row!.ssoEnforced).toBe(true);
    expect(await audited(fx, "security.policy.updated")).toMatchObject([{ actorId: keyId, changes: { ssoEnforced: { from: false, to: true } } }]);
    expect(await events(fx, "security.policy.updated")).toMatchObject([{ payload: { data: { policy: "sso_enforcement", ssoEnforced: true } } }]);

    // the last verified domain cannot go while enforced
    const [verified] = await db.select().from(ssoDomains).where(eq(ssoDomains.organizationId, fx.org.id));
    const kept = await removeDomain(auth, verified!.id);
    expect(kept.status).toBe(409);
    expect(kept.body.error.message).toContain("Turn off SSO enforcement first");

    const off = await patchPolicy(auth, { ssoEnforced: false });
    expect(off.body.ssoEnforced).toBe(false);
    expect((await removeDomain(auth, verified!.id)).status).toBe(204);
  });

  it("gives a signed-in owner no recovery codes through the API either", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    await addVerifiedDomain(fx.org.id);
    await markTested(await createOidcConnection(fx), fx.owner.id);
    const owner = await sessionFor(fx.owner);
    const res = await patchPolicy(asSession(owner.cookie), { ssoEnforced: true });
    expect(res.status).toBe(200);
    expect(res.body.enforcement.ownersWithoutRecoveryCodes).toEqual([{ userId: fx.owner.id, email: fx.owner.email }]);
    const db = await getDb();
    expect(await db.select().from(recoveryCodes).where(eq(recoveryCodes.organizationId, fx.org.id))).toEqual([]);
  });

  it("says in the OpenAPI document that owners generate recovery codes in the console", () => {
    const op = (openApiDocument().paths as Json)["/security-policy"].patch;
    expect(op.description).toContain("Enabling enforcement through the API returns no recovery codes");
    expect(Object.keys(op.requestBody.content["application/json"].schema.properties)).toEqual(["ssoEnforced", "sessionMaxAgeSeconds", "sessionIdleTimeoutSeconds"]);
  });
});

describe("sessions", () => {
  /** An organization whose owner and a member are signed in, and an outsider who is not a member. */
  async function signedIn() {
    const org = await setup();
    const member = await addMember(org.fx.org.id, "member");
    const ownerSession = await sessionFor(org.fx.owner, { ageSeconds: 3 * 3600 });
    const memberLaptop = await sessionFor(member, { ageSeconds: 2 * 3600, ip: "198.51.100.20" });
    const memberPhone = await sessionFor(member, {
      ageSeconds: 3600,
      method: "oidc",
      userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1",
    });
    const outsider = await sessionFor(await createUser());
    return { ...org, member, ownerSession, memberLaptop, memberPhone, outsider };
  }

  it("lists members' live sessions newest first, never a token, and pages through them", async () => {
    const s = await signedIn();
    const res = await listSessions(s.auth);
    expect(res.status).toBe(200);
    const ids = [s.memberPhone, s.memberLaptop, s.ownerSession].map((x) => sessionPublicId(x.token));
    expect(res.body.data.map((x: Json) => x.id)).toEqual(ids);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.data[0]).toMatchObject({ userId: s.member.id, email: s.member.email, method: "oidc", device: "Safari on iOS", current: false });
    expect(res.body.data[1]).toMatchObject({ method: "magic_link", ip: "198.51.100.20", createdAt: expect.any(String), lastActiveAt: expect.any(String) });
    const text = JSON.stringify(res.body);
    for (const t of [s.ownerSession, s.memberLaptop, s.memberPhone, s.outsider]) expect(text).not.toContain(t.token);
    expect(text).not.toContain(sessionPublicId(s.outsider.token));

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Json } = await listSessions(s.auth, `?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.body.data).toHaveLength(1);
      seen.push(page.body.data[0].id);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);

    // sessions created in the same instant (to the microsecond) still page once each
    const db = await getDb();
    await db.update(sessions).set({ createdAt: sql`now()` }).where(inArray(sessions.sessionToken, [s.ownerSession.token, s.memberLaptop.token, s.memberPhone.token]));
    const tied: string[] = [];
    cursor = null;
    do {
      const page: { body: Json } = await listSessions(s.auth, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      tied.push(...page.body.data.map((x: Json) => x.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(tied).toHaveLength(3);
    expect([...tied].sort()).toEqual([...ids].sort());

    const bad = await listSessions(s.auth, "?cursor=not-a-cursor");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: "cursor", message: "is not a cursor from a previous page" }]);

    // a signed-in caller sees which session is theirs
    const mine = await listSessions(asSession(s.ownerSession.cookie));
    expect(mine.body.data.find((x: Json) => x.current)?.id).toBe(sessionPublicId(s.ownerSession.token));
  });

  it("ends one member's session with an audit entry and a security.sessions.revoked event", async () => {
    const s = await signedIn();
    const id = sessionPublicId(s.memberLaptop.token);
    expect((await endSession(s.auth, id)).status).toBe(204);
    expect(await sessionRow(s.memberLaptop.token)).toBeNull();
    expect(await sessionRow(s.memberPhone.token)).not.toBeNull();
    expect(await audited(s.fx, "security.session.ended")).toMatchObject([
      { actorType: "admin_key", actorId: s.keyId, targetId: id, changes: { userId: s.member.id, ip: "198.51.100.20" } },
    ]);
    expect(await events(s.fx, "security.sessions.revoked")).toMatchObject([{ payload: { data: { userIds: [s.member.id], revokedSessions: 1 } } }]);

    // ended already, or someone outside the organization: not found, nothing written
    const before = await orgState(s.fx.org.id);
    for (const other of [id, sessionPublicId(s.outsider.token)]) {
      const res = await endSession(s.auth, other);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe("Session was not found: it may have ended already.");
    }
    expect(await sessionRow(s.outsider.token)).not.toBeNull();
    expect(await orgState(s.fx.org.id)).toEqual(before);
  });

  it("ends every member's session for an admin key, and spares a signed-in caller's own", async () => {
    const s = await signedIn();
    const res = await revokeAll(s.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revoked: 3 });
    for (const t of [s.ownerSession, s.memberLaptop, s.memberPhone]) expect(await sessionRow(t.token)).toBeNull();
    expect(await sessionRow(s.outsider.token)).not.toBeNull();
    expect(await audited(s.fx, "security.sessions.revoked")).toMatchObject([{ actorId: s.keyId, changes: { revokedSessions: 3 } }]);
    expect(await events(s.fx, "security.sessions.revoked")).toMatchObject([
      { payload: { data: { revokedSessions: 3, userIds: [s.fx.owner.id, s.member.id].sort() } } },
    ]);
    expect((await listSessions(s.auth)).body.data).toEqual([]);

    const security = await addMember(s.fx.org.id, "security");
    const mine = await sessionFor(security);
    const mineElsewhere = await sessionFor(security);
    const theirs = await sessionFor(s.member);
    const bySession = await revokeAll(asSession(mine.cookie));
    expect(bySession.body).toEqual({ revoked: 2 });
    expect(await sessionRow(mine.token)).not.toBeNull();
    expect(await sessionRow(mineElsewhere.token)).toBeNull();
    expect(await sessionRow(theirs.token)).toBeNull();
  });
});
