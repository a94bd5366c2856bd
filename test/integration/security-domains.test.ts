import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres, POSTGRES_ONLY } from "../databases";
import * as verifyApi from "@/app/api/v1/domains/[domainId]/verify/route";
import { getDb } from "@/db/client";
import { securityPolicies, ssoDomains } from "@/db/schema";
import {
  challengeName,
  claimDomain,
  claimDomainInput,
  deleteDomain,
  listDomains,
  normalizeDomain,
  organizationForVerifiedDomain,
  verifiedDomainsOf,
  verifyDomain,
} from "@/lib/security/domains";
import { AppError } from "@/lib/core/errors";
import { startLocalDns, type LocalDns } from "../dns/dns-server";
import { addMember, apiRequest, asKey, auditRows, call, createOrg, createTestAdminKey, outboxRows, refusal, unique, userContext, type OrgFixture } from "../factories";
import { inTransaction } from "../key-factories";

// Claiming and verifying domains through a real DNS lookup, answered by a local DNS server
// (DNS_SERVERS points the console's resolver at it).

let dns: LocalDns;
let fx: OrgFixture;
const savedServers = process.env.DNS_SERVERS;

beforeAll(async () => {
  dns = await startLocalDns();
  process.env.DNS_SERVERS = dns.servers;
  fx = await createOrg({ plan: "enterprise" });
});

afterAll(async () => {
  process.env.DNS_SERVERS = savedServers;
  await dns.close();
});

const newDomain = (label = "corp") => `${unique(label)}.test`;
const claim = (domain: string, f = fx) => inTransaction(f, (tx, ctx) => claimDomain(tx, ctx, claimDomainInput.parse({ domain })));
const verify = (id: string, f = fx) => inTransaction(f, (tx, ctx) => verifyDomain(tx, ctx, id));
const remove = (id: string, f = fx) => inTransaction(f, (tx, ctx) => deleteDomain(tx, ctx, id));

async function domainRows(organizationId: string) {
  const db = await getDb();
  return db.select().from(ssoDomains).where(eq(ssoDomains.organizationId, organizationId));
}

describe("claiming a domain", () => {
  it("stores it in lower case, shows the TXT record to publish and audits the claim", async () => {
    const domain = newDomain();
    const view = await claim(` ${domain.toUpperCase()}. `);
    expect(view).toMatchObject({ domain, status: "pending", verifiedAt: null, lastCheckError: null });
    expect(view.record.type).toBe("TXT");
    expect(view.record.name).toBe(`_anyint-challenge.${domain}`);
    expect(view.record.value).toMatch(/^anyint-domain-verification=[\w-]{32}$/);
    const audit = (await auditRows(fx.org.id)).find((a) => a.targetId === view.id);
    expect(audit).toMatchObject({ action: "security.domain.claimed", actorId: fx.owner.id, changes: { domain } });
    expect((await listDomains(await getDb(), fx.org.id)).map((d) => d.domain)).toContain(domain);
  });

  it.each([
    ["an email address", "alice@acme.test", "not an email address"],
    ["a URL", "https://acme.test/", "not a URL"],
    ["a single label", "localhost", "not a valid domain name"],
    ["a bad character", "acme_corp.test", "not a valid domain name"],
    ["a label starting with a hyphen", "-acme.test", "not a valid domain name"],
    ["a numeric top-level label", "10.0.0.1", "not a valid domain name"],
  ])("refuses %s, naming the field, and writes nothing", async (_what, input, message) => {
    const before = await domainRows(fx.org.id);
    const error = await refusal(claim(input));
    expect(error.code).toBe("INVALID_REQUEST");
    expect(error.fieldErrors).toEqual([{ path: "domain", message: expect.stringContaining(message) }]);
    expect(await domainRows(fx.org.id)).toHaveLength(before.length);
  });

  it("accepts an internationalized name as its ASCII form", () => {
    expect(normalizeDomain("Bücher.Example")).toBe("xn--bcher-kva.example");
  });

  it.each(["gmail.com", "Outlook.com", "gmx.de", "yandex.ru", "proton.me"])("refuses the public mail domain %s", async (domain) => {
    const error = await refusal(claim(domain));
    expect(error.code).toBe("INVALID_REQUEST");
    expect(error.fieldErrors[0]).toMatchObject({ path: "domain", message: expect.stringContaining("public email provider") });
    expect((await domainRows(fx.org.id)).some((d) => d.domain === domain.toLowerCase())).toBe(false);
  });

  it("refuses a domain the organization already claimed", async () => {
    const domain = newDomain();
    await claim(domain);
    const error = await refusal(claim(domain));
    expect(error.code).toBe("CONFLICT");
    expect(error.fieldErrors).toEqual([{ path: "domain", message: "is already claimed" }]);
  });

  it("explains the plan when it has no single sign-on", async () => {
    const team = await createOrg({ plan: "team" });
    const error = await refusal(claim(newDomain(), team));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain("Enterprise");
    expect(await domainRows(team.org.id)).toHaveLength(0);
  });

  it("is for security owners: the service is reached only through security.manage (members are refused by the wrapper)", async () => {
    // the permission itself is checked by orgAction; here the service still works for a security owner
    const security = await addMember(fx.org.id, "security");
    const view = await inTransaction(fx, (tx, ctx) => claimDomain(tx, ctx, { domain: newDomain() }), userContext(security, fx.org.id, "security"));
    expect(view.status).toBe("pending");
  });
});

describe("verifying a domain through DNS", () => {
  it("records “no record”, then “wrong value”, then a DNS failure, each in plain words and without verifying", async () => {
    const domain = newDomain();
    const view = await claim(domain);

    const none = await verify(view.id);
    expect(none.status).toBe("pending");
    expect(none.lastCheckError).toBe(
      `No TXT record found at _anyint-challenge.${domain}. Publish the record shown, then try again (DNS changes can take a few minutes to appear).`,
    );
    expect(none.lastCheckedAt).not.toBeNull();

    dns.setTxt(challengeName(domain), ["anyint-domain-verification=not-the-token"]);
    const wrong = await verify(view.id);
    expect(wrong.status).toBe("pending");
    expect(wrong.lastCheckError).toContain("has the wrong value (anyint-domain-verification=not-the-token)");

    dns.setTxt(challengeName(domain), ["v=spf1 -all"]);
    expect((await verify(view.id)).lastCheckError).toContain("none is anyint-domain-verification=");

    dns.breakName(challengeName(domain));
    const failed = await verify(view.id);
    expect(failed.status).toBe("pending");
    expect(failed.lastCheckError).toContain(`The DNS lookup of _anyint-challenge.${domain} failed`);

    expect(await verifiedDomainsOf(await getDb(), fx.org.id)).not.toContain(domain);
    expect((await outboxRows(fx.org.id)).some((e) => e.type === "security.domain.verified" && JSON.stringify(e.payload).includes(domain))).toBe(false);
    dns.remove(challengeName(domain));
  });

  it("verifies with the right value among other records: verifiedAt, event security.domain.verified and the audit entry", async () => {
    const domain = newDomain();
    const view = await claim(domain);
    dns.setTxt(challengeName(domain), ["v=spf1 -all", view.record.value]);
    const verified = await verify(view.id);
    expect(verified).toMatchObject({ status: "verified", lastCheckError: null });
    expect(verified.verifiedAt).not.toBeNull();

    const event = (await outboxRows(fx.org.id)).find((e) => e.type === "security.domain.verified" && JSON.stringify(e.payload).includes(domain));
    expect((event!.payload as { data: unknown }).data).toEqual({ domain: { id: view.id, name: domain, verifiedAt: verified.verifiedAt } });
    const audit = (await auditRows(fx.org.id)).filter((a) => a.targetId === view.id).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(["security.domain.claimed", "security.domain.verified"]));

    const db = await getDb();
    expect(await verifiedDomainsOf(db, fx.org.id)).toContain(domain);
    expect(await organizationForVerifiedDomain(db, domain.toUpperCase())).toMatchObject({ id: fx.org.id, slug: fx.org.slug });

    // checking again changes nothing and emits nothing more
    const events = (await outboxRows(fx.org.id)).length;
    expect((await verify(view.id)).verifiedAt).toBe(verified.verifiedAt);
    expect((await outboxRows(fx.org.id)).length).toBe(events);
  });

  it("treats another organization's domain id as not found", async () => {
    const other = await createOrg({ plan: "enterprise" });
    const view = await claim(newDomain(), other);
    expect((await refusal(verify(view.id))).code).toBe("NOT_FOUND");
    expect((await refusal(remove(view.id))).code).toBe("NOT_FOUND");
    expect(await domainRows(other.org.id)).toHaveLength(1);
  });
});

describe("one organization per verified domain", () => {
  it("refuses to claim a domain another organization verified, naming the field", async () => {
    const domain = newDomain("taken");
    const view = await claim(domain);
    dns.setTxt(challengeName(domain), [view.record.value]);
    await verify(view.id);

    const other = await createOrg({ plan: "enterprise" });
    const error = await refusal(claim(domain, other));
    expect(error.code).toBe("CONFLICT");
    expect(error.fieldErrors).toEqual([{ path: "domain", message: "is already verified by another organization" }]);
    expect(await domainRows(other.org.id)).toHaveLength(0);
  });

  it("lets two organizations claim a pending domain; the first to verify wins, the second gets CONFLICT", async () => {
    const domain = newDomain("race");
    const a = await createOrg({ plan: "enterprise" });
    const b = await createOrg({ plan: "enterprise" });
    const claimA = await claim(domain, a);
    const claimB = await claim(domain, b);
    dns.setTxt(challengeName(domain), [claimA.record.value, claimB.record.value]);
    expect((await verify(claimA.id, a)).status).toBe("verified");
    const error = await refusal(verify(claimB.id, b));
    expect(error.code).toBe("CONFLICT");
    expect(error.fieldErrors[0]?.path).toBe("domain");
    const [rowB] = await domainRows(b.org.id);
    expect(rowB!.verifiedAt).toBeNull();
    expect((await outboxRows(b.org.id)).some((e) => e.type === "security.domain.verified")).toBe(false);
  });

  it("answers 409 through the Admin API when the domain was verified by another organization meanwhile, and the database refuses a second verified row", async () => {
    const domain = newDomain("api");
    const a = await createOrg({ plan: "enterprise" });
    const b = await createOrg({ plan: "enterprise" });
    const claimA = await claim(domain, a);
    const claimB = await claim(domain, b);
    dns.setTxt(challengeName(domain), [claimA.record.value, claimB.record.value]);
    expect((await verify(claimA.id, a)).status).toBe("verified");

    const { secret } = await createTestAdminKey(b, "security");
    const res = await call(verifyApi.POST, apiRequest("POST", `/domains/${claimB.id}/verify`, { headers: asKey(secret) }), { domainId: claimB.id });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "CONFLICT", message: expect.stringContaining(`${domain} is already verified by another organization`) });
    expect(res.body.error.details).toEqual([{ path: "domain", message: "is already verified by another organization" }]);
    expect((await domainRows(b.org.id))[0]!.verifiedAt).toBeNull();

    // whatever path a write takes, the partial unique index keeps one verified row per domain
    const db = await getDb();
    await expect(db.update(ssoDomains).set({ verifiedAt: new Date() }).where(eq(ssoDomains.id, claimB.id))).rejects.toThrow();
    expect((await db.select().from(ssoDomains).where(eq(ssoDomains.domain, domain))).filter((d) => d.verifiedAt)).toHaveLength(1);
  });

  // the partial unique index decides: a race only where transactions overlap
  it.skipIf(!onPostgres)(`lets the database decide when both verifications race ${POSTGRES_ONLY}`, async () => {
    const domain = newDomain("both");
    const a = await createOrg({ plan: "enterprise" });
    const b = await createOrg({ plan: "enterprise" });
    const claimA = await claim(domain, a);
    const claimB = await claim(domain, b);
    dns.setTxt(challengeName(domain), [claimA.record.value, claimB.record.value]);
    const results = await Promise.allSettled([verify(claimA.id, a), verify(claimB.id, b)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as AppError).code).toBe("CONFLICT");
    const db = await getDb();
    const verified = await db.select().from(ssoDomains).where(eq(ssoDomains.domain, domain));
    expect(verified.filter((d) => d.verifiedAt)).toHaveLength(1);
  });
});

describe("deleting a domain", () => {
  it("deletes a pending or verified domain and audits it", async () => {
    const domain = newDomain();
    const view = await claim(domain);
    await remove(view.id);
    expect((await domainRows(fx.org.id)).some((d) => d.id === view.id)).toBe(false);
    expect((await auditRows(fx.org.id)).find((a) => a.targetId === view.id && a.action === "security.domain.deleted")).toMatchObject({
      changes: { domain, wasVerified: false },
    });
  });

  it("refuses to delete the last verified domain while SSO is enforced, and allows it once another is verified", async () => {
    const org = await createOrg({ plan: "enterprise" });
    const first = await claim(newDomain(), org);
    dns.setTxt(first.record.name, [first.record.value]);
    await verify(first.id, org);
    const db = await getDb();
    await db.insert(securityPolicies).values({ organizationId: org.org.id, ssoEnforced: true });

    const error = await refusal(remove(first.id, org));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("Turn off SSO enforcement first");
    expect(await domainRows(org.org.id)).toHaveLength(1);

    const pending = await claim(newDomain(), org);
    await remove(pending.id, org); // a pending one may always go
    const second = await claim(newDomain(), org);
    dns.setTxt(second.record.name, [second.record.value]);
    await verify(second.id, org);
    await remove(first.id, org);
    const left = await db.select().from(ssoDomains).where(and(eq(ssoDomains.organizationId, org.org.id)));
    expect(left.map((d) => d.id)).toEqual([second.id]);
  });
});
