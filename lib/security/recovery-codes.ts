import { createHash, randomBytes } from "node:crypto";
import { and, count, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { recoveryCodes } from "@/db/schema";
import { rowsOf } from "@/db/sql";
import { holdsOrgWideSql } from "@/lib/rbac";
import { recordChange } from "@/lib/audit/record";
import { issueSession, type IssuedSession } from "@/lib/auth/issue-session";
import { consoleUrl } from "@/lib/notifications/links";
import { membersHolding, notify } from "@/lib/notifications/notify";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { RECEIVERS } from "@/lib/notifications/categories";

// Break-glass recovery codes: when SSO is enforced (or the IdP is down), an owner signs in
// with their email and one of these. Ten per owner and organization, 20 random characters
// (100 bits) shown once in groups of five, single use; only the SHA-256 is stored.

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32: no i, l, o, u

function newCode(): string {
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join("");
  return chars.match(/.{5}/g)!.join("-");
}

/** What a person typed → the canonical code: case, spaces and dashes ignored; o→0, i/l→1 as Crockford reads them. */
export function normalizeRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, "").replace(/o/g, "0").replace(/[il]/g, "1");
}

export const hashRecoveryCode = (code: string) => createHash("sha256").update(normalizeRecoveryCode(code)).digest("hex");

/** Break-glass codes are a person's own (the action declares security.recovery_codes, docs/rbac.md). */
function actingPerson(ctx: RequestContext): string {
  const actor = ctx.principal.actor;
  if (actor.type !== "user") throw new AppError("FORBIDDEN", "Recovery codes belong to people; an admin key has none.");
  return actor.userId;
}

/** Replaces the user's codes in the organization with ten new ones (old ones stop working); the codes are returned once. */
export async function replaceRecoveryCodes(tx: Queryable, organizationId: string, userId: string): Promise<string[]> {
  await tx.delete(recoveryCodes).where(and(eq(recoveryCodes.organizationId, organizationId), eq(recoveryCodes.userId, userId)));
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ organizationId, userId, codeHash: hashRecoveryCode(c) })));
  return codes;
}

/** The acting owner generates (or regenerates) their codes; audited, never the codes themselves. */
export async function generateRecoveryCodes(tx: Queryable, ctx: RequestContext): Promise<string[]> {
  const userId = actingPerson(ctx);
  const hadBefore = await remainingRecoveryCodes(tx, ctx.principal.organizationId, userId);
  const codes = await replaceRecoveryCodes(tx, ctx.principal.organizationId, userId);
  await recordChange(tx, ctx, {
    action: "security.recovery_codes.generated",
    target: { type: "user", id: userId },
    changes: { count: codes.length, replacedUnused: hadBefore },
  });
  return codes;
}

/** Unused codes of a user in an organization. */
export async function remainingRecoveryCodes(db: Queryable, organizationId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.organizationId, organizationId), eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}

/** Owners of the organization and how many unused codes each has. */
export async function ownersRecoveryStatus(db: Queryable, organizationId: string) {
  const rows = rowsOf<{ user_id: string; email: string; name: string | null; remaining: number | string }>(
    await db.execute(sql`
      select u.id as user_id, u.email, u.name,
        (select count(*) from recovery_codes rc where rc.organization_id = m.organization_id and rc.user_id = u.id and rc.used_at is null) as remaining
      from memberships m join users u on u.id = m.user_id
      where m.organization_id = ${organizationId} and ${holdsOrgWideSql("m", "security.recovery_codes")}
      order by u.email`),
  );
  return rows.map((r) => ({ userId: r.user_id, email: r.email, name: r.name, remaining: Number(r.remaining) }));
}

export const RECOVERY_REFUSAL = "That email and recovery code do not match an unused recovery code of an owner.";

type Redeemed = { session: IssuedSession; organization: { id: string; slug: string; name: string }; remaining: number };

/**
 * Signs an owner in with a recovery code: the code is used up atomically (a second use, a
 * race included, finds nothing), a session is issued, the use is audited and the
 * organization's owners and security owners are alerted, all in one transaction. Any
 * mismatch (unknown email, wrong or used code, no longer an owner) is one generic refusal.
 */
export async function redeemRecoveryCode(
  tx: Queryable,
  input: { email: string; code: string; ip: string | null; userAgent: string | null; requestId: string },
): Promise<Redeemed> {
  const email = input.email.trim().toLowerCase();
  const [used] = rowsOf<{ id: string; organization_id: string; user_id: string; email: string; name: string | null; slug: string; org_name: string }>(
    await tx.execute(sql`
      update recovery_codes rc set used_at = now()
      from users u, memberships m, organizations o
      where rc.code_hash = ${hashRecoveryCode(input.code)} and rc.used_at is null
        and u.id = rc.user_id and lower(u.email) = ${email}
        and m.organization_id = rc.organization_id and m.user_id = rc.user_id and ${holdsOrgWideSql("m", "security.recovery_codes")}
        and o.id = rc.organization_id
      returning rc.id, rc.organization_id, rc.user_id, u.email, u.name, o.slug, o.name as org_name`),
  );
  if (!used) throw new AppError("UNAUTHORIZED", RECOVERY_REFUSAL);
  const session = await issueSession(tx, { userId: used.user_id, method: "recovery_code", ip: input.ip, userAgent: input.userAgent });
  const ctx: RequestContext = {
    principal: { actor: { type: "user", userId: used.user_id, email: used.email, name: used.name }, organizationId: used.organization_id, role: "owner", projectRoles: new Map() },
    requestId: input.requestId,
    ip: input.ip,
    userAgent: input.userAgent,
  };
  const remaining = await remainingRecoveryCodes(tx, used.organization_id, used.user_id);
  await recordChange(tx, ctx, { action: "security.recovery_code.used", target: { type: "user", id: used.user_id }, changes: { recoveryCodeId: used.id, remaining } });
  await notify(tx, used.organization_id, "security", await membersHolding(tx, used.organization_id, RECEIVERS.security), {
    template: "security-alert",
    props: {
      organizationName: used.org_name,
      summary: `${used.email} signed in with a break-glass recovery code.`,
      eventType: "security.recovery_code.used",
      details: [
        { label: "Owner", value: used.email },
        { label: "IP address", value: input.ip ?? "unknown" },
        { label: "Device", value: input.userAgent?.slice(0, 120) ?? "unknown" },
        { label: "Codes left", value: String(remaining) },
      ],
      occurredAt: new Date().toISOString(),
      consoleUrl: consoleUrl(`/${used.slug}/audit`),
    },
  });
  return { session, organization: { id: used.organization_id, slug: used.slug, name: used.org_name }, remaining };
}
