import { verifyDomainRoute } from "@/lib/api/specs/security";
import { lookupDomainChallenge, verifyDomain, type DomainLookup } from "@/lib/security/domains";
import { apiRoute } from "@/lib/server/route";

// POST /api/v1/domains/{domainId}/verify — looks the TXT record up (before the transaction) and answers the domain
export const POST = apiRoute<typeof verifyDomainRoute, DomainLookup | null>(
  verifyDomainRoute,
  ({ db, ctx, params, prepared }) => verifyDomain(db, ctx, params.domainId, prepared),
  { prepare: ({ db, ctx, params }) => lookupDomainChallenge(db, ctx.principal.organizationId, params.domainId) },
);
