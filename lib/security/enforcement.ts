import { and, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { organizations, securityPolicies, ssoConnections, ssoDomains } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import { lockOrganization } from "@/lib/members/guards";
import { hasFeature } from "@/lib/orgs/plans";
import { orgPermissions } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { isTested } from "@/lib/sso/connections";
import { assertSsoPlan, verifiedDomainsOf } from "./domains";
import { remainingRecoveryCodes, replaceRecoveryCodes } from "./recovery-codes";

// SSO enforcement (security_policies.ssoEnforced): users whose address is on one of the
// organization's verified domains may sign in only through SSO. Turning it on needs a
// connection that passed a console test with its current settings and a verified domain, so
// a wrong setting cannot lock the organization out; owners keep break-glass recovery codes.

export const enforcementInput = z.object({ enabled: z.boolean() });

export type EnforcementChecklist = {
  enforced: boolean;
  planIncludesSso: boolean;
  connections: { id: string; name: string; protocol: string; enabled: boolean; tested: boolean }[];
  verifiedDomains: string[];
  /** what stops enforcement from being turned on, in words; empty when it can be */
  missing: string[];
};

export async function ssoEnforced(db: Queryable, organizationId: string): Promise<boolean> {
  const [row] = await db.select({ v: securityPolicies.ssoEnforced }).from(securityPolicies).where(eq(securityPolicies.organizationId, organizationId));
  return row?.v ?? false;
}

export async function enforcementChecklist(db: Queryable, organizationId: string): Promise<EnforcementChecklist> {
  const [org] = await db.select({ plan: organizations.plan }).from(organizations).where(eq(organizations.id, organizationId));
  const planIncludesSso = !!org && hasFeature(org.plan, "sso");
  const rows = await db.select().from(ssoConnections).where(eq(ssoConnections.organizationId, organizationId));
  const connections = rows.map((c) => ({ id: c.id, name: c.name, protocol: c.protocol, enabled: c.enabled, tested: isTested(c) }));
  const verifiedDomains = await verifiedDomainsOf(db, organizationId);
  const missing: string[] = [];
  if (!planIncludesSso) missing.push("The organization's plan does not include single sign-on.");
  if (!connections.some((c) => c.enabled && c.tested)) {
    missing.push(
      connections.some((c) => c.enabled)
        ? "No enabled SSO connection has passed a test sign-in with its current settings (test it again after any change)."
        : "There is no enabled SSO connection.",
    );
  }
  if (verifiedDomains.length === 0) missing.push("No domain is verified.");
  return { enforced: await ssoEnforced(db, organizationId), planIncludesSso, connections, verifiedDomains, missing };
}

export type EnforcementResult = { enforced: boolean; recoveryCodes: string[] | null };

/**
 * Turns enforcement on or off (event security.policy.updated). Turning it on refuses with
 * the list of what is missing; it also gives the acting owner recovery codes when they have
 * none (returned once). Other owners without codes are listed on the page and generate theirs.
 */
export async function setSsoEnforcement(
  tx: Queryable,
  ctx: RequestContext,
  input: z.infer<typeof enforcementInput>,
  /** false from the Admin API: its answer is no place for codes, so owners generate theirs in the console */
  opts: { issueRecoveryCodes?: boolean } = {},
): Promise<EnforcementResult> {
  const organizationId = ctx.principal.organizationId;
  await lockOrganization(tx, organizationId); // against a domain or connection change racing this check
  const before = await ssoEnforced(tx, organizationId);
  let recoveryCodes: string[] | null = null;
  if (input.enabled) {
    await assertSsoPlan(tx, organizationId);
    const { missing } = await enforcementChecklist(tx, organizationId);
    if (missing.length > 0) {
      throw new AppError("CONFLICT", `Single sign-on cannot be enforced yet: ${missing.join(" ")}`, {
        fieldErrors: [{ path: "enabled", message: missing.join(" ") }],
      });
    }
    const actor = ctx.principal.actor;
    const issue = opts.issueRecoveryCodes ?? true;
    if (issue && actor.type === "user" && orgPermissions(ctx.principal).has("security.recovery_codes") && (await remainingRecoveryCodes(tx, organizationId, actor.userId)) === 0) {
      recoveryCodes = await replaceRecoveryCodes(tx, organizationId, actor.userId);
      await recordChange(tx, ctx, { action: "security.recovery_codes.generated", target: { type: "user", id: actor.userId }, changes: { count: recoveryCodes.length, replacedUnused: 0 } });
    }
  }
  if (before === input.enabled) return { enforced: before, recoveryCodes };
  await tx
    .insert(securityPolicies)
    .values({ organizationId, ssoEnforced: input.enabled })
    .onConflictDoUpdate({ target: securityPolicies.organizationId, set: { ssoEnforced: input.enabled, updatedAt: new Date() } });
  const changes = { ssoEnforced: { from: before, to: input.enabled } };
  await recordChange(tx, ctx, {
    action: "security.policy.updated",
    target: { type: "security_policy", id: organizationId },
    changes,
    event: { type: "security.policy.updated", data: { policy: "sso_enforcement", ssoEnforced: input.enabled, changes } },
  });
  return { enforced: input.enabled, recoveryCodes };
}

export type Enforcement = { organizationId: string; organizationName: string; domain: string };

/**
 * Whether `email` must sign in through SSO: its domain is verified by an organization that
 * enforces SSO (and whose plan still includes it; a plan without SSO enforces nothing, so
 * nobody is locked out by a downgrade).
 */
export async function ssoEnforcementFor(db: Queryable, email: string): Promise<Enforcement | null> {
  const at = email.lastIndexOf("@");
  if (at < 0) return null;
  const domain = email.slice(at + 1).trim().toLowerCase().replace(/\.$/, "");
  if (!domain) return null;
  const [row] = await db
    .select({ organizationId: organizations.id, organizationName: organizations.name, plan: organizations.plan, domain: ssoDomains.domain })
    .from(ssoDomains)
    .innerJoin(organizations, eq(organizations.id, ssoDomains.organizationId))
    .innerJoin(securityPolicies, eq(securityPolicies.organizationId, ssoDomains.organizationId))
    .where(and(eq(ssoDomains.domain, domain), isNotNull(ssoDomains.verifiedAt), eq(securityPolicies.ssoEnforced, true)));
  if (!row || !hasFeature(row.plan, "sso")) return null;
  return { organizationId: row.organizationId, organizationName: row.organizationName, domain: row.domain };
}

export type MagicLinkRefusal = { message: string; domain: string; organizationName: string; ssoPath: string };

/** Why `email` gets no magic link (its domain enforces SSO), with where to sign in instead; null when it may have one. */
export async function magicLinkRefusal(db: Queryable, email: string, callbackUrl?: string): Promise<MagicLinkRefusal | null> {
  const enforced = await ssoEnforcementFor(db, email);
  if (!enforced) return null;
  const query = new URLSearchParams({ email: email.trim().toLowerCase(), enforced: "1" });
  if (callbackUrl) query.set("callbackUrl", callbackUrl);
  return {
    message: `${enforced.domain} signs in with single sign-on. Use Sign in with SSO.`,
    domain: enforced.domain,
    organizationName: enforced.organizationName,
    ssoPath: `/sign-in/sso?${query}`,
  };
}
