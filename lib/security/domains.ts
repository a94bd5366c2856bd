import { randomBytes } from "node:crypto";
import { domainToASCII } from "node:url";
import { and, asc, eq, gt, isNotNull, ne } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { organizations, securityPolicies, ssoDomains, type SsoDomain } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import { lockOrganization } from "@/lib/members/guards";
import { hasFeature, PLANS } from "@/lib/orgs/plans";
import type { RequestContext } from "@/lib/core/context";
import { AppError, invalid } from "@/lib/core/errors";
import { lookupTxt, type TxtLookup } from "./dns";
import { isPublicMailDomain } from "./public-domains";

// Domains an organization claims and proves it owns with a DNS TXT record. A verified domain
// lets the organization's SSO sign in its addresses, and SSO enforcement applies to them.
// One organization per verified domain (the partial unique index sso_domains_verified_domain).

export const CHALLENGE_PREFIX = "_anyint-challenge.";
export const CHALLENGE_VALUE_PREFIX = "anyint-domain-verification=";

export const claimDomainInput = z.object({ domain: z.string().trim().min(1, "is required").max(253, "is too long") });
export const domainIdInput = z.object({ domainId: z.string().min(1, "is required") });

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** `Acme.Test.` → `acme.test`; anything that is not a registrable host name is refused naming the field. */
export function normalizeDomain(raw: string): string {
  let d = raw.trim().toLowerCase().replace(/\.$/, "");
  if (d.includes("@")) throw invalid("domain", "is a domain, not an email address: enter only the part after @");
  if (/^[a-z]+:\/\//.test(d) || d.includes("/")) throw invalid("domain", "is a domain, not a URL: enter only the host name (acme.com)");
  d = domainToASCII(d);
  const labels = d.split(".");
  if (!d || d.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!)) {
    throw invalid("domain", "is not a valid domain name (for example acme.com)");
  }
  return d;
}

export const challengeName = (domain: string) => `${CHALLENGE_PREFIX}${domain}`;
export const challengeValue = (token: string) => `${CHALLENGE_VALUE_PREFIX}${token}`;

export type DomainView = {
  id: string;
  domain: string;
  status: "verified" | "pending";
  verifiedAt: string | null;
  lastCheckedAt: string | null;
  lastCheckError: string | null;
  record: { type: "TXT"; name: string; value: string };
  createdAt: string;
};

export function domainView(row: SsoDomain): DomainView {
  return {
    id: row.id,
    domain: row.domain,
    status: row.verifiedAt ? "verified" : "pending",
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    lastCheckError: row.lastCheckError,
    record: { type: "TXT", name: challengeName(row.domain), value: challengeValue(row.verificationToken) },
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listDomains(db: Queryable, organizationId: string): Promise<DomainView[]> {
  const rows = await db.select().from(ssoDomains).where(eq(ssoDomains.organizationId, organizationId)).orderBy(asc(ssoDomains.domain));
  return rows.map(domainView);
}

/** One page of the organization's domains by name (the cursor is the last domain of the page). */
export async function listDomainsPage(db: Queryable, organizationId: string, opts: { limit: number; cursor?: string }) {
  const rows = await db
    .select()
    .from(ssoDomains)
    .where(and(eq(ssoDomains.organizationId, organizationId), opts.cursor ? gt(ssoDomains.domain, opts.cursor) : undefined))
    .orderBy(asc(ssoDomains.domain))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  return { data: page.map(domainView), nextCursor: rows.length > opts.limit ? page.at(-1)!.domain : null };
}

/** The organization's verified domains, lower case. */
export async function verifiedDomainsOf(db: Queryable, organizationId: string): Promise<string[]> {
  const rows = await db
    .select({ domain: ssoDomains.domain })
    .from(ssoDomains)
    .where(and(eq(ssoDomains.organizationId, organizationId), isNotNull(ssoDomains.verifiedAt)))
    .orderBy(asc(ssoDomains.domain));
  return rows.map((r) => r.domain);
}

/** The organization that verified `domain`, if any. */
export async function organizationForVerifiedDomain(db: Queryable, domain: string) {
  const [row] = await db
    .select({ id: organizations.id, name: organizations.name, slug: organizations.slug, plan: organizations.plan })
    .from(ssoDomains)
    .innerJoin(organizations, eq(organizations.id, ssoDomains.organizationId))
    .where(and(eq(ssoDomains.domain, domain.toLowerCase().replace(/\.$/, "")), isNotNull(ssoDomains.verifiedAt)));
  return row ?? null;
}

const SSO_PLANS = Object.values(PLANS)
  .filter((p) => (p.features as readonly string[]).includes("sso"))
  .map((p) => p.name)
  .join(" and ");

/** Refuses work that needs the `sso` plan feature, naming the plans that have it. */
export async function assertSsoPlan(db: Queryable, organizationId: string) {
  const [org] = await db.select({ plan: organizations.plan }).from(organizations).where(eq(organizations.id, organizationId));
  if (!org || !hasFeature(org.plan, "sso")) {
    throw new AppError("FORBIDDEN", `Single sign-on, domains and enforcement come with the ${SSO_PLANS} plan; this organization's plan does not include them.`);
  }
}

async function loadDomain(db: Queryable, organizationId: string, id: string) {
  const [row] = await db.select().from(ssoDomains).where(and(eq(ssoDomains.id, id), eq(ssoDomains.organizationId, organizationId)));
  if (!row) throw new AppError("NOT_FOUND", "Domain was not found.");
  return row;
}

const takenError = (domain: string) =>
  new AppError("CONFLICT", `${domain} is already verified by another organization. A domain belongs to one organization only: ask that organization to remove it first.`, {
    fieldErrors: [{ path: "domain", message: "is already verified by another organization" }],
  });

/** Claims a domain: it is pending until its TXT record is published and verified. */
export async function claimDomain(tx: Queryable, ctx: RequestContext, input: z.infer<typeof claimDomainInput>): Promise<DomainView> {
  const organizationId = ctx.principal.organizationId;
  await assertSsoPlan(tx, organizationId);
  const domain = normalizeDomain(input.domain);
  if (isPublicMailDomain(domain)) {
    throw invalid("domain", `is a public email provider (${domain}): anyone can have an address there, so no organization can claim it`);
  }
  const [taken] = await tx
    .select({ id: ssoDomains.id })
    .from(ssoDomains)
    .where(and(eq(ssoDomains.domain, domain), isNotNull(ssoDomains.verifiedAt), ne(ssoDomains.organizationId, organizationId)));
  if (taken) throw takenError(domain);
  const [mine] = await tx.select({ id: ssoDomains.id }).from(ssoDomains).where(and(eq(ssoDomains.domain, domain), eq(ssoDomains.organizationId, organizationId)));
  if (mine) {
    throw new AppError("CONFLICT", `${domain} is already claimed by this organization.`, { fieldErrors: [{ path: "domain", message: "is already claimed" }] });
  }
  const [row] = await tx
    .insert(ssoDomains)
    .values({ organizationId, domain, verificationToken: randomBytes(24).toString("base64url") })
    .returning();
  await recordChange(tx, ctx, { action: "security.domain.claimed", target: { type: "domain", id: row!.id }, changes: { domain } });
  return domainView(row!);
}

/** What a failed check means, in plain words for the domains table. */
function checkError(domain: string, lookup: Awaited<ReturnType<typeof lookupTxt>>, expected: string): string | null {
  const name = challengeName(domain);
  if (!lookup.ok) {
    return lookup.reason === "NO_RECORD"
      ? `No TXT record found at ${name}. Publish the record shown, then try again (DNS changes can take a few minutes to appear).`
      : `The DNS lookup of ${name} failed: ${lookup.detail}. Try again in a few minutes.`;
  }
  if (lookup.records.includes(expected)) return null;
  const found = lookup.records.filter((r) => r.startsWith(CHALLENGE_VALUE_PREFIX));
  return found.length > 0
    ? `The TXT record at ${name} has the wrong value (${found.join(", ")}). Replace it with the value shown.`
    : `There are TXT records at ${name}, but none is ${CHALLENGE_VALUE_PREFIX}…. Add the record shown.`;
}

export type DomainLookup = { domain: string; result: TxtLookup };

/**
 * The DNS half of verification, done before the transaction opens (a lookup can take seconds,
 * and PGlite has one connection): null when the domain is already verified.
 */
export async function lookupDomainChallenge(db: Queryable, organizationId: string, id: string): Promise<DomainLookup | null> {
  const row = await loadDomain(db, organizationId, id);
  if (row.verifiedAt) return null;
  return { domain: row.domain, result: await lookupTxt(challengeName(row.domain)) };
}

/**
 * Looks up the domain's TXT record (or takes the lookup made before the transaction). A match verifies it (event security.domain.verified);
 * anything else is recorded as lastCheckError and returned, not thrown.
 */
export async function verifyDomain(tx: Queryable, ctx: RequestContext, id: string, looked?: DomainLookup | null): Promise<DomainView> {
  const organizationId = ctx.principal.organizationId;
  const row = await loadDomain(tx, organizationId, id);
  if (row.verifiedAt) return domainView(row);
  await assertSsoPlan(tx, organizationId);
  const lookup = looked?.domain === row.domain ? looked.result : await lookupTxt(challengeName(row.domain));
  const error = checkError(row.domain, lookup, challengeValue(row.verificationToken));
  const now = new Date();
  if (error) {
    const [updated] = await tx.update(ssoDomains).set({ lastCheckedAt: now, lastCheckError: error }).where(eq(ssoDomains.id, id)).returning();
    return domainView(updated!);
  }
  let updated: SsoDomain | undefined;
  try {
    // a savepoint: if another organization verified it meanwhile, the unique index refuses it here
    [updated] = await tx.transaction((sp) =>
      sp.update(ssoDomains).set({ verifiedAt: now, lastCheckedAt: now, lastCheckError: null }).where(eq(ssoDomains.id, id)).returning(),
    );
  } catch (e) {
    if (isUniqueViolation(e)) throw takenError(row.domain);
    throw e;
  }
  const view = domainView(updated!);
  await recordChange(tx, ctx, {
    action: "security.domain.verified",
    target: { type: "domain", id },
    changes: { domain: row.domain, verifiedAt: view.verifiedAt },
    event: { type: "security.domain.verified", data: { domain: { id, name: row.domain, verifiedAt: view.verifiedAt } } },
  });
  return view;
}

function isUniqueViolation(e: unknown): boolean {
  for (let c: unknown = e, depth = 0; c && depth < 5; depth++, c = (c as { cause?: unknown }).cause) {
    if ((c as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/** Removes a claim. The last verified domain cannot go while SSO is enforced (nothing would be enforced). */
export async function deleteDomain(tx: Queryable, ctx: RequestContext, id: string): Promise<void> {
  const organizationId = ctx.principal.organizationId;
  await lockOrganization(tx, organizationId); // against enforcement being turned on meanwhile
  const row = await loadDomain(tx, organizationId, id);
  if (row.verifiedAt) {
    const [policy] = await tx.select({ ssoEnforced: securityPolicies.ssoEnforced }).from(securityPolicies).where(eq(securityPolicies.organizationId, organizationId));
    const verified = await verifiedDomainsOf(tx, organizationId);
    if (policy?.ssoEnforced && verified.length === 1) {
      throw new AppError(
        "CONFLICT",
        `${row.domain} is the last verified domain while single sign-on is enforced. Turn off SSO enforcement first, or verify another domain.`,
      );
    }
  }
  await tx.delete(ssoDomains).where(eq(ssoDomains.id, id));
  await recordChange(tx, ctx, {
    action: "security.domain.deleted",
    target: { type: "domain", id },
    changes: { domain: row.domain, wasVerified: row.verifiedAt !== null },
  });
}
