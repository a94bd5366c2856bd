import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { updateSessionPolicyAction } from "@/app/(console)/[orgSlug]/security/actions";
import { createConnectionAction } from "@/app/(console)/[orgSlug]/security/sso/actions";
import { POST as acsPost } from "@/app/(auth)/sso/saml/[connectionId]/acs/route";
import * as organizationApi from "@/app/api/v1/organization/route";
import * as ssoConnectionApi from "@/app/api/v1/sso-connections/[connectionId]/route";
import * as ssoConnectionsApi from "@/app/api/v1/sso-connections/route";
import { getDb } from "@/db/client";
import { memberships, securityPolicies, sessions, ssoConnections, users, type SsoConnection } from "@/db/schema";
import { getOrgContext } from "@/lib/orgs/context";
import { spMetadataXml } from "@/lib/sso/saml-metadata";
import { startSignIn } from "@/lib/sso/start";
import { createSamlIdp, type SamlIdp, type SamlTestUser } from "../idp/saml-idp";
import { addMember, apiRequest, asKey, asSession, auditRows, call, createOrg, createTestAdminKey, unique, type OrgFixture } from "../factories";
import { sessionFor } from "../session-factories";
import { addVerifiedDomain, createSamlConnection, ssoBrowser } from "../sso-factories";

// What a security owner, an admin key or an identity provider could try for more than they hold:
// SSO connections granting roles above the configurer's, completion raising or minting owners,
// and a session from one organization's IdP used in another organization.

// Pages and server actions read the request through next/headers; navigation throws as in Next.js.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers, cookies: async () => ({ set: () => {} }) }));
vi.mock("next/server", async (original) => ({ ...(await original<typeof import("next/server")>()), connection: async () => {} }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/navigation", () => {
  class Navigation extends Error {}
  return {
    redirect: (url: string) => {
      throw new Navigation(`NEXT_REDIRECT ${url}`);
    },
    notFound: () => {
      throw new Navigation("NEXT_NOT_FOUND");
    },
    unstable_rethrow: (e: unknown) => {
      if (e instanceof Navigation) throw e;
    },
  };
});

const CONSOLE = "http://localhost:3000";
const browser = ssoBrowser();
/** the cookie as the console's own pages at CONSOLE send it to the Admin API */
const fromConsole = (cookie: string, organization?: string) => ({ ...asSession(cookie, organization), origin: CONSOLE, "sec-fetch-site": "same-origin" });
const as = (cookie: string) => {
  request.headers = new Headers({ cookie, "user-agent": "vitest" });
};

beforeAll(() => {
  process.env.AUTH_URL = CONSOLE;
});
beforeEach(() => {
  request.headers = new Headers();
});

const oidcBody = (extra: Record<string, unknown>) => ({ protocol: "oidc", name: unique("Okta"), issuer: "https://idp.example.test", clientId: "c", clientSecret: "s", ...extra });

async function connectionsOf(organizationId: string) {
  const db = await getDb();
  return db.select().from(ssoConnections).where(eq(ssoConnections.organizationId, organizationId));
}

async function roleOf(organizationId: string, userId: string) {
  const db = await getDb();
  const [m] = await db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  return m?.role ?? null;
}

/** A signed SAML answer for `user` through the connection's ACS, in the browser that started it: the session cookie, if any. */
async function samlSignIn(conn: SsoConnection, idp: SamlIdp, user: SamlTestUser): Promise<string | null> {
  const startUrl = await startSignIn(await getDb(), conn, { purpose: "sign_in", browserKey: browser.key });
  const answer = await idp.respond(startUrl, spMetadataXml(conn.id), user);
  const { NextRequest } = await import("next/server");
  const res = await acsPost(
    new NextRequest(`${CONSOLE}/sso/saml/${conn.id}/acs`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: browser.cookie },
      body: new URLSearchParams({ SAMLResponse: answer.SAMLResponse, RelayState: answer.RelayState }).toString(),
    }),
    { params: Promise.resolve({ connectionId: conn.id }) },
  );
  return res.headers.get("set-cookie")?.split(";")[0] ?? null;
}

describe("configuring a connection never grants more than the configurer holds", () => {
  it("refuses a security owner's key a default role or group mapping above or beside its own: 403 naming the field, nothing written", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    const { secret } = await createTestAdminKey(fx, "security");
    const cases: [Record<string, unknown>, string][] = [
      [{ defaultRole: "admin" }, "defaultRole"],
      [{ defaultRole: "finance" }, "defaultRole"], // same rank, but billing permissions security lacks
      [{ groupsClaim: "groups", groupRoleMapping: { staff: "member", "it-admins": "admin" } }, "groupRoleMapping.it-admins"],
      [{ groupsClaim: "groups", groupRoleMapping: [{ group: "ap", role: "finance" }] }, "groupRoleMapping.ap"],
    ];
    for (const [extra, path] of cases) {
      const res = await call(ssoConnectionsApi.POST, apiRequest("POST", "/sso-connections", { headers: asKey(secret), body: oidcBody(extra) }));
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
      expect(res.body.error.details).toEqual([{ path, message: "is a role you cannot give" }]);
    }
    // what a security owner holds is fine
    const ok = await call(ssoConnectionsApi.POST, apiRequest("POST", "/sso-connections", { headers: asKey(secret), body: oidcBody({ defaultRole: "security", groupsClaim: "groups", groupRoleMapping: { sec: "security" } }) }));
    expect(ok.status).toBe(201);
    expect(await connectionsOf(fx.org.id)).toHaveLength(1);
    expect((await auditRows(fx.org.id)).filter((a) => a.action === "security.sso_connection.created")).toHaveLength(1);
  });

  it("an admin-role key counts as admin: it cannot configure SSO at all", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    const { secret } = await createTestAdminKey(fx, "admin");
    const res = await call(ssoConnectionsApi.POST, apiRequest("POST", "/sso-connections", { headers: asKey(secret), body: oidcBody({ defaultRole: "admin" }) }));
    expect(res.status).toBe(403);
    expect(await connectionsOf(fx.org.id)).toHaveLength(0);
  });

  it("refuses the same in the console action, signed in as a security owner", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    const sec = await addMember(fx.org.id, "security");
    as((await sessionFor(sec)).cookie);
    const result = await createConnectionAction(fx.org.slug, oidcBody({ defaultRole: "member", groupsClaim: "groups", groupRoleMapping: JSON.stringify({ ops: "admin" }) }));
    expect(result).toMatchObject({ ok: false, error: { code: "FORBIDDEN", fieldErrors: [{ path: "groupRoleMapping.ops" }] } });
    expect(await connectionsOf(fx.org.id)).toHaveLength(0);
  });

  it("on PATCH checks the grants that change, and all of them when the identity provider changes", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    // an owner set up a connection that makes IdP group "admins" organization admins
    const ownerKey = await createTestAdminKey(fx, "owner");
    const created = await call(ssoConnectionsApi.POST, apiRequest("POST", "/sso-connections", { headers: asKey(ownerKey.secret), body: oidcBody({ groupsClaim: "groups", groupRoleMapping: { admins: "admin" } }) }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const { secret } = await createTestAdminKey(fx, "security");
    const patch = (body: unknown) => call(ssoConnectionApi.PATCH, apiRequest("PATCH", `/sso-connections/${id}`, { headers: asKey(secret), body }), { connectionId: id });

    expect((await patch({ name: "Okta (prod)" })).status).toBe(200);
    const swapped = await patch({ issuer: "https://attacker.example.test" });
    expect(swapped.status).toBe(403);
    expect(swapped.body.error.details).toEqual([{ path: "groupRoleMapping.admins", message: "is a role you cannot give" }]);
    const raised = await patch({ groupRoleMapping: { admins: "admin", staff: "admin" } });
    expect(raised.status).toBe(403);
    expect(raised.body.error.details).toEqual([{ path: "groupRoleMapping.staff", message: "is a role you cannot give" }]);
    const [row] = await connectionsOf(fx.org.id);
    expect(row).toMatchObject({ name: "Okta (prod)", issuer: "https://idp.example.test", groupRoleMapping: { admins: "admin" } });
  });

  it("refuses owner anywhere in a connection (400 naming the field), even for an owner", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    const { secret } = await createTestAdminKey(fx, "owner");
    const asDefault = await call(ssoConnectionsApi.POST, apiRequest("POST", "/sso-connections", { headers: asKey(secret), body: oidcBody({ defaultRole: "owner" }) }));
    expect(asDefault.status).toBe(400);
    expect(asDefault.body.error.details.map((d: { path: string }) => d.path)).toEqual(["defaultRole"]);
    const mapped = await call(ssoConnectionsApi.POST, apiRequest("POST", "/sso-connections", { headers: asKey(secret), body: oidcBody({ groupsClaim: "g", groupRoleMapping: { boss: "owner" } }) }));
    expect(mapped.status).toBe(400);
    expect(mapped.body.error.details[0].path).toMatch(/^groupRoleMapping/);
    expect(await connectionsOf(fx.org.id)).toHaveLength(0);
  });

  it("answers 400 naming the field for an issuer or metadata URL that is not a URL (never 500)", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    const { secret } = await createTestAdminKey(fx, "owner");
    for (const issuer of ["not a url", "http//missing-colon", "://", "https://[::1"]) {
      const res = await call(ssoConnectionsApi.POST, apiRequest("POST", "/sso-connections", { headers: asKey(secret), body: oidcBody({ issuer }) }));
      expect(res.status, issuer).toBe(400);
      expect(res.body.error.details).toEqual([{ path: "issuer", message: "must be a full URL, such as https://login.example.com" }]);
    }
    const saml = await call(ssoConnectionsApi.POST, apiRequest("POST", "/sso-connections", { headers: asKey(secret), body: { protocol: "saml", name: "x", metadataUrl: "metadata please" } }));
    expect(saml.status).toBe(400);
    expect(saml.body.error.details.map((d: { path: string }) => d.path)).toEqual(["metadataUrl"]);
    const created = await call(ssoConnectionsApi.POST, apiRequest("POST", "/sso-connections", { headers: asKey(secret), body: oidcBody({}) }));
    const id = created.body.id as string;
    const patched = await call(ssoConnectionApi.PATCH, apiRequest("PATCH", `/sso-connections/${id}`, { headers: asKey(secret), body: { issuer: "::::" } }), { connectionId: id });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details.map((d: { path: string }) => d.path)).toEqual(["issuer"]);

    as((await sessionFor(fx.owner)).cookie);
    const action = await createConnectionAction(fx.org.slug, oidcBody({ issuer: "not a url" }));
    expect(action).toMatchObject({ ok: false, error: { code: "INVALID_REQUEST", fieldErrors: [{ path: "issuer" }] } });
  });
});

describe("SSO completion", () => {
  it("never grants owner, even when a stored connection says so", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    const domain = await addVerifiedDomain(fx.org.id);
    const idp = createSamlIdp();
    const conn = await createSamlConnection(fx, idp.metadataXml, { groupsClaim: "groups" });
    const db = await getDb();
    // a row written around the service (an old version, a restore, a hand edit)
    await db.update(ssoConnections).set({ defaultRole: "owner", groupRoleMapping: { boss: "owner" } as never }).where(eq(ssoConnections.id, conn.id));
    const [stored] = await db.select().from(ssoConnections).where(eq(ssoConnections.id, conn.id));

    const email = `${unique("newcomer")}@${domain}`;
    expect(await samlSignIn(stored!, idp, { email, groups: ["boss"] })).not.toBeNull();
    const [user] = await db.select().from(users).where(eq(users.email, email));
    expect(await roleOf(fx.org.id, user!.id)).toBe("member");
  });
});

describe("a session from an organization's SSO works in that organization only", () => {
  async function crossOrgWorld() {
    // org A: SSO with a verified domain; org B: an organization the same person owns
    const a = await createOrg({ plan: "enterprise" });
    const domain = await addVerifiedDomain(a.org.id);
    const idp = createSamlIdp();
    const conn = await createSamlConnection(a, idp.metadataXml, { groupsClaim: "groups", groupRoleMapping: { "a-admins": "admin" } });
    const db = await getDb();
    const [person] = await db.insert(users).values({ email: `${unique("boss")}@${domain}`, name: "Boss of B" }).returning();
    const b: OrgFixture = await createOrg({ plan: "enterprise", owner: person });
    return { a, b, conn, idp, domain, person: person! };
  }

  it("an owner of B who signs in through A's IdP reaches A, and B answers not found: Admin API, pages, actions, org list", async () => {
    const { a, b, conn, idp, person } = await crossOrgWorld();
    const cookie = await samlSignIn(conn, idp, { email: person.email, groups: ["a-admins"] });
    expect(cookie).toMatch(/^authjs\.session-token=/);
    const db = await getDb();
    const [session] = await db.select().from(sessions).where(eq(sessions.userId, person.id));
    expect(session).toMatchObject({ method: "saml", ssoConnectionId: conn.id });
    expect(await roleOf(a.org.id, person.id)).toBe("admin"); // a newcomer in A gets the mapped role
    expect(await roleOf(b.org.id, person.id)).toBe("owner"); // B is untouched

    // the Admin API with the cookie: A works, B is not found (read and write)
    const inA = await call(organizationApi.GET, apiRequest("GET", "/organization", { headers: fromConsole(cookie!, a.org.slug) }));
    expect(inA.status).toBe(200);
    for (const org of [b.org.slug, b.org.id]) {
      const read = await call(organizationApi.GET, apiRequest("GET", "/organization", { headers: fromConsole(cookie!, org) }));
      expect(read.status).toBe(404);
      expect(read.body.error.code).toBe("NOT_FOUND");
    }
    const write = await call(ssoConnectionsApi.POST, apiRequest("POST", "/sso-connections", { headers: fromConsole(cookie!, b.org.slug), body: oidcBody({ defaultRole: "admin" }) }));
    expect(write.status).toBe(404);
    expect(await connectionsOf(b.org.id)).toHaveLength(0);
    // without the header the person's only organization here is A (B is not offered)
    const chosen = await call(organizationApi.GET, apiRequest("GET", "/organization", { headers: fromConsole(cookie!) }));
    expect(chosen.status).toBe(200);
    expect(chosen.body.id).toBe(a.org.id);

    // console pages and server actions
    as(cookie!);
    expect((await getOrgContext(a.org.slug)).principal.role).toBe("admin");
    await expect(getOrgContext(b.org.slug)).rejects.toThrow("NEXT_NOT_FOUND");
    const action = await updateSessionPolicyAction(b.org.slug, { sessionMaxAgeSeconds: 3600, sessionIdleTimeoutSeconds: null });
    expect(action).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    const [policy] = await db.select().from(securityPolicies).where(eq(securityPolicies.organizationId, b.org.id));
    expect(policy?.sessionMaxAgeSeconds ?? null).toBeNull();

    // the same person's email-link session still works in B: the refusal is the binding
    const emailLink = await sessionFor(person);
    expect((await call(organizationApi.GET, apiRequest("GET", "/organization", { headers: fromConsole(emailLink.cookie, b.org.slug) }))).status).toBe(200);
  });

  it("never raises an existing member's role, and leaves an owner an owner", async () => {
    const { a, conn, idp, domain } = await crossOrgWorld();
    const db = await getDb();
    const [member] = await db.insert(users).values({ email: `${unique("dev")}@${domain}` }).returning();
    await addMember(a.org.id, "member", member);
    expect(await samlSignIn(conn, idp, { email: member!.email, groups: ["a-admins"] })).not.toBeNull();
    expect(await roleOf(a.org.id, member!.id)).toBe("member");

    const [owner] = await db.insert(users).values({ email: `${unique("owner")}@${domain}` }).returning();
    await addMember(a.org.id, "owner", owner);
    expect(await samlSignIn(conn, idp, { email: owner!.email, groups: ["a-admins"] })).not.toBeNull();
    expect(await roleOf(a.org.id, owner!.id)).toBe("owner");
  });

  it("a session of a deleted connection has ended", async () => {
    const { a, conn, idp, person } = await crossOrgWorld();
    const cookie = await samlSignIn(conn, idp, { email: person.email });
    const db = await getDb();
    await db.delete(ssoConnections).where(eq(ssoConnections.id, conn.id));
    const res = await call(organizationApi.GET, apiRequest("GET", "/organization", { headers: fromConsole(cookie!, a.org.slug) }));
    expect(res.status).toBe(401);
  });
});
