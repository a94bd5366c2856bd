"use server";

import { claimDomain, claimDomainInput, deleteDomain, domainIdInput, lookupDomainChallenge, verifyDomain } from "@/lib/security/domains";
import { enforcementInput, setSsoEnforcement } from "@/lib/security/enforcement";
import { generateRecoveryCodes } from "@/lib/security/recovery-codes";
import { orgAction } from "@/lib/server/action";
import { z } from "zod";

// Domains, SSO enforcement and recovery codes (security owners). The services load every
// domain within the caller's organization, so another organization's id answers NOT_FOUND.
const pages = (orgSlug: string) => [`/${orgSlug}/security`];

export const claimDomainAction = orgAction(
  { input: claimDomainInput, permission: "security.manage", revalidate: pages },
  ({ tx, ctx, input }) => claimDomain(tx, ctx, input),
);

/** Looks the TXT record up now; a failed check is an answer (status pending, lastCheckError), not an error. */
export const verifyDomainAction = orgAction(
  {
    input: domainIdInput,
    permission: "security.manage",
    revalidate: pages,
    prepare: ({ db, ctx, input }) => lookupDomainChallenge(db, ctx.principal.organizationId, input.domainId),
  },
  ({ tx, ctx, input, prepared }) => verifyDomain(tx, ctx, input.domainId, prepared),
);

export const deleteDomainAction = orgAction(
  { input: domainIdInput, permission: "security.manage", revalidate: pages },
  async ({ tx, ctx, input }) => {
    await deleteDomain(tx, ctx, input.domainId);
    return null;
  },
);

/** Turns enforcement on or off; the acting owner's new recovery codes (if any) are in this answer only. */
export const setEnforcementAction = orgAction(
  { input: enforcementInput, permission: "security.manage", revalidate: pages },
  ({ tx, ctx, input }) => setSsoEnforcement(tx, ctx, input),
);

/** The acting owner's own break-glass codes; shown once. */
export const generateRecoveryCodesAction = orgAction(
  { input: z.object({}), permission: "security.recovery_codes", revalidate: pages },
  ({ tx, ctx }) => generateRecoveryCodes(tx, ctx),
);
