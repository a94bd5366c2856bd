import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { onPostgres, POSTGRES_ONLY } from "../databases";
import { getDb } from "@/db/client";
import { devMailbox, emailOutbox, memberships, organizations, recoveryCodes, securityPolicies, sessions, ssoConnections, ssoDomains, users, type User } from "@/db/schema";
import { authConfig } from "@/lib/auth/config";
import { enforcementChecklist, magicLinkRefusal, setSsoEnforcement, ssoEnforcementFor } from "@/lib/security/enforcement";
import { generateRecoveryCodes, hashRecoveryCode, RECOVERY_REFUSAL, redeemRecoveryCode, remainingRecoveryCodes } from "@/lib/security/recovery-codes";
import { discoverSso } from "@/lib/security/sso-discovery";
import { deleteConnection, patchConnection } from "@/lib/sso/connections";
import { addMember, auditRows, createOrg, outboxRows, refusal, unique, userContext, type OrgFixture } from "../factories";
import { inTransaction } from "../key-factories";
import { addVerifiedDomain, createOidcConnection, markTested } from "../sso-factories";

// SSO enforcement: its preconditions, what it refuses (magic links), and the owners'
// break-glass recovery codes.

const enforce = (fx: OrgFixture, enabled: boolean, ctx = fx.ctx) => inTransaction(fx, (tx, c) => setSsoEnforcement(tx, c, { enabled }), ctx);

/** An enterprise organization with a verified domain and a tested OIDC connection, not yet enforced. */
async function readyOrg() {
  const fx = await createOrg({ plan: "enterprise" });
  const domain = await addVerifiedDomain(fx.org.id);
  const conn = await markTested(await createOidcConnection(fx), fx.owner.id);
  return { fx, domain, conn };
}

async function policyRow(organizationId: string) {
  const db = await getDb();
  const [row] = await db.select().from(securityPolicies).where(eq(securityPolicies.organizationId, organizationId));
  return row;
}

const policyEvents = async (organizationId: string) => (await outboxRows(organizationId)).filter((e) => e.type === "security.policy.updated");

describe("turning enforcement on", () => {
  it("is refused with everything missing listed when there is no connection and no verified domain; nothing is written", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    const error = await refusal(enforce(fx, true));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("There is no enabled SSO connection.");
    expect(error.message).toContain("No domain is verified.");
    expect(await policyRow(fx.org.id)).toBeUndefined();
    expect(await policyEvents(fx.org.id)).toHaveLength(0);
    const db = await getDb();
    expect(await db.select().from(recoveryCodes).where(eq(recoveryCodes.organizationId, fx.org.id))).toHaveLength(0);
  });

  it("is refused while the only connection has never passed a test", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    await addVerifiedDomain(fx.org.id);
    await createOidcConnection(fx);
    const error = await refusal(enforce(fx, true));
    expect(error.message).toContain("No enabled SSO connection has passed a test sign-in with its current settings");
    expect(error.message).not.toContain("No domain is verified.");
    expect(await policyRow(fx.org.id)).toBeUndefined();
  });

  it("is refused when the connection's settings changed after its test", async () => {
    const { fx, conn } = await readyOrg();
    expect((await enforcementChecklist(await getDb(), fx.org.id)).missing).toEqual([]);
    const db = await getDb();
    await db.update(ssoConnections).set({ issuer: "https://other-idp.example.test" }).where(eq(ssoConnections.id, conn.id));
    const checklist = await enforcementChecklist(db, fx.org.id);
    expect(checklist.connections).toEqual([expect.objectContaining({ id: conn.id, enabled: true, tested: false })]);
    expect((await refusal(enforce(fx, true))).message).toContain("has passed a test sign-in with its current settings");
  });

  it("is refused when the tested connection is disabled", async () => {
    const { fx, conn } = await readyOrg();
    const db = await getDb();
    await db.update(ssoConnections).set({ enabled: false }).where(eq(ssoConnections.id, conn.id));
    expect((await refusal(enforce(fx, true))).message).toContain("There is no enabled SSO connection.");
  });

  it("is refused without a verified domain (a pending claim does not count)", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    await markTested(await createOidcConnection(fx), fx.owner.id);
    const db = await getDb();
    await db.insert(ssoDomains).values({ organizationId: fx.org.id, domain: `${unique("pending")}.test`, verificationToken: "x" });
    const error = await refusal(enforce(fx, true));
    expect(error.message).toBe("Single sign-on cannot be enforced yet: No domain is verified.");
  });

  it("is refused on a plan without single sign-on", async () => {
    const fx = await createOrg({ plan: "team" });
    expect((await refusal(enforce(fx, true))).code).toBe("FORBIDDEN");
  });

  it("turns on with a tested connection and a verified domain: event, audit and the acting owner's recovery codes, once", async () => {
    const { fx } = await readyOrg();
    const result = await enforce(fx, true);
    expect(result.enforced).toBe(true);
    expect(result.recoveryCodes).toHaveLength(10);
    for (const code of result.recoveryCodes!) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}(-[0-9a-hjkmnp-tv-z]{5}){3}$/);
    expect(new Set(result.recoveryCodes).size).toBe(10);
    expect((await policyRow(fx.org.id))?.ssoEnforced).toBe(true);

    const [event] = await policyEvents(fx.org.id);
    expect((event!.payload as { data: unknown }).data).toEqual({ policy: "sso_enforcement", ssoEnforced: true, changes: { ssoEnforced: { from: false, to: true } } });
    const actions = (await auditRows(fx.org.id)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["security.policy.updated", "security.recovery_codes.generated"]));

    // only hashes are stored
    const db = await getDb();
    const stored = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, fx.owner.id));
    expect(stored.map((r) => r.codeHash).sort()).toEqual(result.recoveryCodes!.map(hashRecoveryCode).sort());
    expect(JSON.stringify(stored)).not.toContain(result.recoveryCodes![0]);

    // turning it on again changes nothing, and the owner who has codes gets no new ones
    const again = await enforce(fx, true);
    expect(again).toEqual({ enforced: true, recoveryCodes: null });
    expect(await policyEvents(fx.org.id)).toHaveLength(1);
  });

  it("gives a security owner who turns it on no codes (they are owners'), and turns off with an event", async () => {
    const { fx } = await readyOrg();
    const security = await addMember(fx.org.id, "security");
    const ctx = userContext(security, fx.org.id, "security");
    expect(await enforce(fx, true, ctx)).toEqual({ enforced: true, recoveryCodes: null });
    expect(await remainingRecoveryCodes(await getDb(), fx.org.id, fx.owner.id)).toBe(0);
    expect(await enforce(fx, false, ctx)).toEqual({ enforced: false, recoveryCodes: null });
    const events = await policyEvents(fx.org.id);
    expect(events.map((e) => (e.payload as { data: { ssoEnforced: boolean } }).data.ssoEnforced)).toEqual([true, false]);
  });
});

describe("the connection of an enforced organization", () => {
  it("cannot be turned off or deleted while it is the only enabled one; another enabled connection lifts that", async () => {
    const { fx, conn } = await readyOrg();
    await enforce(fx, true);
    const off = await refusal(inTransaction(fx, (tx, c) => patchConnection(tx, c, conn.id, { enabled: false })));
    expect(off.code).toBe("CONFLICT");
    expect(off.userMessage).toMatch(/only enabled connection, so it cannot be turned off/);
    const gone = await refusal(inTransaction(fx, (tx, c) => deleteConnection(tx, c, conn.id)));
    expect(gone.code).toBe("CONFLICT");
    const db = await getDb();
    const [row] = await db.select().from(ssoConnections).where(eq(ssoConnections.id, conn.id));
    expect(row?.enabled).toBe(true);

    await createOidcConnection(fx);
    await inTransaction(fx, (tx, c) => deleteConnection(tx, c, conn.id));
    expect(await db.select().from(ssoConnections).where(eq(ssoConnections.id, conn.id))).toHaveLength(0);
  });
});

describe("what enforcement refuses", () => {
  let fx: OrgFixture;
  let domain: string;
  beforeAll(async () => {
    ({ fx, domain } = await readyOrg());
  });

  it("applies to addresses of the verified domains, only while enforced", async () => {
    const db = await getDb();
    expect(await ssoEnforcementFor(db, `ann@${domain}`)).toBeNull();
    await enforce(fx, true);
    expect(await ssoEnforcementFor(db, `Ann@${domain.toUpperCase()}`)).toEqual({ organizationId: fx.org.id, organizationName: fx.org.name, domain });
    expect(await ssoEnforcementFor(db, `ann@sub.${domain}`)).toBeNull();
    expect(await ssoEnforcementFor(db, "ann@elsewhere.test")).toBeNull();
    expect(await ssoEnforcementFor(db, "not-an-email")).toBeNull();
  });

  it("stops enforcing if the plan loses single sign-on (nobody is locked out by a downgrade)", async () => {
    const other = await readyOrg();
    await enforce(other.fx, true);
    const db = await getDb();
    expect(await ssoEnforcementFor(db, `bo@${other.domain}`)).not.toBeNull();
    await db.update(organizations).set({ plan: "team" }).where(eq(organizations.id, other.fx.org.id));
    expect(await ssoEnforcementFor(db, `bo@${other.domain}`)).toBeNull();
  });

  it("refuses a magic link to an address of an enforced domain, with the message and the SSO link", async () => {
    const db = await getDb();
    const refused = await magicLinkRefusal(db, `Carol@${domain}`, "/acme/keys");
    expect(refused).toEqual({
      message: `${domain} signs in with single sign-on. Use Sign in with SSO.`,
      domain,
      organizationName: fx.org.name,
      ssoPath: `/sign-in/sso?email=carol%40${domain}&enforced=1&callbackUrl=%2Facme%2Fkeys`,
    });
    expect(await magicLinkRefusal(db, "carol@elsewhere.test")).toBeNull();
  });

  it("Auth.js refuses the request and a link sent before enforcement, and never mails one; other addresses still get theirs", async () => {
    const config = await authConfig();
    const signInCallback = config.callbacks!.signIn!;
    const provider = config.providers[0] as unknown as { sendVerificationRequest: (p: { identifier: string; url: string }) => Promise<void> };
    const enforcedEmail = `dave-${unique()}@${domain}`;
    const otherEmail = `erin-${unique()}@elsewhere.test`;
    const args = (email: string, verificationRequest: boolean) =>
      ({ user: { id: "usr_x", email }, account: { provider: "email", type: "email", providerAccountId: email }, email: { verificationRequest } }) as Parameters<typeof signInCallback>[0];

    // when the link is asked for, and when a link mailed before enforcement is used
    expect(await signInCallback(args(enforcedEmail, true))).toBe(`/sign-in/sso?email=${encodeURIComponent(enforcedEmail)}&enforced=1`);
    expect(await signInCallback(args(enforcedEmail, false))).toMatch(/^\/sign-in\/sso\?/);
    expect(await signInCallback(args(otherEmail, true))).toBe(true);
    expect(await signInCallback(args(otherEmail, false))).toBe(true);

    await expect(provider.sendVerificationRequest({ identifier: enforcedEmail, url: "http://localhost/x" })).rejects.toThrow("signs in with single sign-on");
    await provider.sendVerificationRequest({ identifier: otherEmail, url: "http://localhost/api/auth/callback/email?token=t" });
    const db = await getDb();
    expect(await db.select().from(devMailbox).where(eq(devMailbox.to, enforcedEmail))).toHaveLength(0);
    expect(await db.select().from(devMailbox).where(eq(devMailbox.to, otherEmail))).toHaveLength(1);
  });
});

describe("finding an organization's SSO", () => {
  it("by work email (verified domain) or organization slug; nothing for unknown or pending domains", async () => {
    const { fx, domain, conn } = await readyOrg();
    const db = await getDb();
    const expected = { ok: true, organization: { name: fx.org.name, slug: fx.org.slug }, connections: [{ id: conn.id, name: conn.name, protocol: "oidc" }] };
    expect(await discoverSso(db, `Someone@${domain.toUpperCase()}`)).toEqual(expected);
    expect(await discoverSso(db, ` ${fx.org.slug} `)).toEqual(expected);

    const unknown = await discoverSso(db, "someone@nowhere-sso.test");
    expect(unknown).toMatchObject({ ok: false, field: "identifier", message: expect.stringContaining("No organization uses single sign-on for nowhere-sso.test") });
    expect(await discoverSso(db, unique("no-such-org"))).toMatchObject({ ok: false, message: expect.stringContaining("There is no organization") });
    expect(await discoverSso(db, "")).toMatchObject({ ok: false });

    await db.update(ssoConnections).set({ enabled: false }).where(eq(ssoConnections.id, conn.id));
    expect(await discoverSso(db, fx.org.slug)).toMatchObject({ ok: false, message: expect.stringContaining("has no single sign-on connection turned on") });
  });

  it("lists every enabled connection when there are several", async () => {
    const { fx } = await readyOrg();
    await createOidcConnection(fx, { name: "Zeta IdP" });
    const found = await discoverSso(await getDb(), fx.org.slug);
    expect(found.ok && found.connections.map((c) => c.name).at(-1)).toBe("Zeta IdP");
    expect(found.ok && found.connections).toHaveLength(2);
  });
});

describe("break-glass recovery codes", () => {
  let fx: OrgFixture;
  let codes: string[];
  let security: User;
  let member: User;
  beforeAll(async () => {
    ({ fx } = await readyOrg());
    security = await addMember(fx.org.id, "security");
    member = await addMember(fx.org.id, "member");
    codes = (await enforce(fx, true)).recoveryCodes!;
  });

  const redeem = (email: string, code: string) =>
    getDb().then((db) => db.transaction((tx) => redeemRecoveryCode(tx, { email, code, ip: "203.0.113.9", userAgent: "Firefox", requestId: "req_test" })));

  async function sessionsOf(userId: string) {
    const db = await getDb();
    return db.select().from(sessions).where(eq(sessions.userId, userId));
  }

  // Who may generate them is the action's security.recovery_codes (owners only), checked for every
  // role by test/integration/security-actions.test.ts; the service refuses anything but a person.
  it("are a person's own: an admin key has none", async () => {
    const ctx = userContext(security, fx.org.id, "owner");
    const keyCtx = { ...ctx, principal: { ...ctx.principal, actor: { type: "admin_key" as const, keyId: "adk_x", name: "robot" } } };
    const error = await refusal(inTransaction(fx, (tx, c) => generateRecoveryCodes(tx, c), keyCtx));
    expect(error.code).toBe("FORBIDDEN");
    expect(await remainingRecoveryCodes(await getDb(), fx.org.id, security.id)).toBe(0);
  });

  it("sign an owner in once per code: a session, the audit entry, and an alert to owners and security owners", async () => {
    const before = (await sessionsOf(fx.owner.id)).length;
    const redeemed = await redeem(fx.owner.email.toUpperCase(), ` ${codes[0]!.toUpperCase().replace(/-/g, " ")} `);
    expect(redeemed.organization).toEqual({ id: fx.org.id, slug: fx.org.slug, name: fx.org.name });
    expect(redeemed.remaining).toBe(9);
    const mine = await sessionsOf(fx.owner.id);
    expect(mine).toHaveLength(before + 1);
    expect(mine.find((s) => s.sessionToken === redeemed.session.token)).toMatchObject({ method: "recovery_code", ip: "203.0.113.9", userAgent: "Firefox" });

    const audit = (await auditRows(fx.org.id)).find((a) => a.action === "security.recovery_code.used");
    expect(audit).toMatchObject({ actorId: fx.owner.id, targetId: fx.owner.id, ip: "203.0.113.9", changes: { remaining: 9 } });

    const db = await getDb();
    const alerts = await db.select().from(emailOutbox).where(and(eq(emailOutbox.organizationId, fx.org.id), eq(emailOutbox.template, "security-alert")));
    const alertsForCode = alerts.filter((m) => (m.props as { eventType?: string }).eventType === "security.recovery_code.used");
    expect(alertsForCode.map((m) => m.to).sort()).toEqual([fx.owner.email, security.email].sort());
    expect(alertsForCode[0]!.props).toMatchObject({ summary: `${fx.owner.email} signed in with a break-glass recovery code.` });
    expect(alertsForCode.some((m) => m.to === member.email)).toBe(false);
  });

  it("refuse a used code, a wrong code and another person's email with one generic message, and create no session", async () => {
    const before = (await sessionsOf(fx.owner.id)).length;
    for (const [email, code] of [
      [fx.owner.email, codes[0]!],
      [fx.owner.email, "00000-00000-00000-00000"],
      [security.email, codes[1]!],
      [`nobody-${unique()}@example.test`, codes[1]!],
    ] as const) {
      const error = await refusal(redeem(email, code));
      expect(error.code).toBe("UNAUTHORIZED");
      expect(error.userMessage).toBe(RECOVERY_REFUSAL);
    }
    expect(await sessionsOf(fx.owner.id)).toHaveLength(before);
    expect(await sessionsOf(security.id)).toHaveLength(0);
    expect(await remainingRecoveryCodes(await getDb(), fx.org.id, fx.owner.id)).toBe(9);
  });

  // the code's row decides which redemption wins: a race only where transactions overlap
  it.skipIf(!onPostgres)(`cannot be used twice at once ${POSTGRES_ONLY}`, async () => {
    const results = await Promise.allSettled([redeem(fx.owner.email, codes[2]!), redeem(fx.owner.email, codes[2]!)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("stop working when the owner is no longer an owner", async () => {
    const other = await readyOrg();
    const ownerCodes = (await enforce(other.fx, true)).recoveryCodes!;
    await addMember(other.fx.org.id, "owner"); // the organization keeps an owner
    const db = await getDb();
    await db.update(memberships).set({ role: "admin" }).where(and(eq(memberships.organizationId, other.fx.org.id), eq(memberships.userId, other.fx.owner.id)));
    expect((await refusal(redeem(other.fx.owner.email, ownerCodes[0]!))).code).toBe("UNAUTHORIZED");
  });

  it("are replaced by regenerating: old codes stop working, the new ones work", async () => {
    const fresh = await inTransaction(fx, (tx, ctx) => generateRecoveryCodes(tx, ctx));
    expect(fresh).toHaveLength(10);
    expect(await remainingRecoveryCodes(await getDb(), fx.org.id, fx.owner.id)).toBe(10);
    expect((await refusal(redeem(fx.owner.email, codes[5]!))).code).toBe("UNAUTHORIZED");
    expect((await redeem(fx.owner.email, fresh[5]!)).remaining).toBe(9);
    const generated = (await auditRows(fx.org.id)).filter((a) => a.action === "security.recovery_codes.generated");
    expect(generated.at(-1)).toMatchObject({ targetId: fx.owner.id, changes: { count: 10 } });
  });

  it("work for an owner whose own address is on the enforced domain, who gets no magic link", async () => {
    const { fx: org, domain } = await readyOrg();
    await enforce(org, true);
    const db = await getDb();
    const [bossUser] = await db.insert(users).values({ email: `boss-${unique()}@${domain}`, name: "Boss" }).returning();
    const boss = await addMember(org.org.id, "owner", bossUser!);
    expect(await magicLinkRefusal(db, boss.email)).not.toBeNull();
    const bossCodes = await inTransaction(org, (tx, ctx) => generateRecoveryCodes(tx, ctx), userContext(boss, org.org.id, "owner"));
    const redeemed = await redeem(boss.email, bossCodes[0]!);
    expect(redeemed.organization.id).toBe(org.org.id);
    expect((await sessionsOf(boss.id)).map((s) => s.method)).toEqual(["recovery_code"]);
  });
});
