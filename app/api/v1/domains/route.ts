import { claimDomainRoute, listDomainsRoute } from "@/lib/api/specs/security";
import { claimDomain, listDomainsPage } from "@/lib/security/domains";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/domains — the organization's claimed domains, with the TXT record each needs
export const GET = apiRoute(listDomainsRoute, ({ db, ctx, query }) => listDomainsPage(db, ctx.principal.organizationId, query));

// POST /api/v1/domains — claims a domain (pending until verified; plan feature sso)
export const POST = apiRoute(claimDomainRoute, ({ db, ctx, body }) => claimDomain(db, ctx, body));
