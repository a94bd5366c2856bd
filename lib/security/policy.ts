import type { Queryable } from "@/db/client";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { enforcementChecklist, setSsoEnforcement } from "./enforcement";
import { ownersRecoveryStatus } from "./recovery-codes";
import type { SecurityPolicyPatch } from "./schemas";
import { sessionPolicyOf, updateSessionPolicy } from "./sessions";

// The organization's security policy as one object for the Admin API: SSO enforcement (with
// what it still needs) and the session policy. Changes go through the console's services.

export type SecurityPolicyView = {
  ssoEnforced: boolean;
  sessionMaxAgeSeconds: number | null;
  sessionIdleTimeoutSeconds: number | null;
  enforcement: {
    planIncludesSso: boolean;
    connections: { id: string; name: string; protocol: string; enabled: boolean; tested: boolean }[];
    verifiedDomains: string[];
    missing: string[];
    ownersWithoutRecoveryCodes: { userId: string; email: string }[];
  };
};

export async function securityPolicyView(db: Queryable, organizationId: string): Promise<SecurityPolicyView> {
  const { enforced, ...checklist } = await enforcementChecklist(db, organizationId);
  const session = await sessionPolicyOf(db, organizationId);
  const owners = await ownersRecoveryStatus(db, organizationId);
  return {
    ssoEnforced: enforced,
    ...session,
    enforcement: {
      ...checklist,
      ownersWithoutRecoveryCodes: owners.filter((o) => o.remaining === 0).map((o) => ({ userId: o.userId, email: o.email })),
    },
  };
}

/**
 * Changes the fields given, in the caller's transaction: the session policy (merged with the
 * current one), then SSO enforcement. A refusal rolls back both. Enforcement turned on here
 * issues no recovery codes: owners generate theirs in the console.
 */
export async function patchSecurityPolicy(tx: Queryable, ctx: RequestContext, input: SecurityPolicyPatch): Promise<SecurityPolicyView> {
  const organizationId = ctx.principal.organizationId;
  const { ssoEnforced, ...session } = input;
  if (Object.keys(session).length > 0) {
    await updateSessionPolicy(tx, ctx, { ...(await sessionPolicyOf(tx, organizationId)), ...session });
  }
  if (ssoEnforced !== undefined) {
    try {
      await setSsoEnforcement(tx, ctx, { enabled: ssoEnforced }, { issueRecoveryCodes: false });
    } catch (error) {
      // the console's field is `enabled`; the API's is `ssoEnforced`
      if (!(error instanceof AppError)) throw error;
      const fieldErrors = error.fieldErrors.map((f) => (f.path === "enabled" ? { ...f, path: "ssoEnforced" } : f));
      throw new AppError(error.code, error.message, { userMessage: error.userMessage, fieldErrors, cause: error });
    }
  }
  return securityPolicyView(tx, organizationId);
}
