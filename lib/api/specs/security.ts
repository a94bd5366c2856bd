import { claimDomainInput } from "@/lib/security/domains";
import {
  domainParams,
  domainResponse,
  page,
  securityListQuery,
  securityPolicyPatch,
  securityPolicyResponse,
  sessionParams,
  sessionResponse,
} from "@/lib/security/schemas";
import { z } from "zod";
import { defineRoute } from "../spec";

const TAG = "Security";

export const listDomainsRoute = defineRoute({
  method: "GET",
  path: "/domains",
  summary: "List the organization's claimed domains with their status and the TXT record each needs",
  tag: TAG,
  permission: "security.read",
  query: securityListQuery,
  response: page(domainResponse),
});

export const claimDomainRoute = defineRoute({
  method: "POST",
  path: "/domains",
  summary: "Claim a domain (pending until its TXT record is published and verified); needs the sso plan feature",
  description:
    "Public email providers and domains verified by another organization are refused. Publish `record` (TXT `_anyint-challenge.<domain>`) at your DNS provider, then call `POST /domains/{domainId}/verify`.",
  tag: TAG,
  permission: "security.manage",
  body: z.strictObject(claimDomainInput.shape),
  status: 201,
  response: domainResponse,
});

export const verifyDomainRoute = defineRoute({
  method: "POST",
  path: "/domains/{domainId}/verify",
  summary: "Look the domain's TXT record up now: answers the domain, verified or with lastCheckError saying what was found",
  description:
    "A failed check is an answer, not an error: the domain stays `pending` with `lastCheckError` (no record, wrong value, DNS failure). DNS changes can take a few minutes to appear. Verifying an already verified domain answers it unchanged.",
  tag: TAG,
  permission: "security.manage",
  params: domainParams,
  response: domainResponse,
});

export const deleteDomainRoute = defineRoute({
  method: "DELETE",
  path: "/domains/{domainId}",
  summary: "Remove a domain claim; the last verified domain cannot go while SSO is enforced (409)",
  tag: TAG,
  permission: "security.manage",
  params: domainParams,
  status: 204,
});

export const getSecurityPolicyRoute = defineRoute({
  method: "GET",
  path: "/security-policy",
  summary: "SSO enforcement and the session policy, with what enforcement still needs",
  tag: TAG,
  permission: "security.read",
  response: securityPolicyResponse,
});

export const updateSecurityPolicyRoute = defineRoute({
  method: "PATCH",
  path: "/security-policy",
  summary: "Change any of ssoEnforced, sessionMaxAgeSeconds, sessionIdleTimeoutSeconds (all or nothing)",
  description:
    "Turning `ssoEnforced` on needs the sso plan feature, an enabled SSO connection that passed a test sign-in with its current settings, and a verified domain; otherwise 409 with what is missing, and nothing changes. " +
    "Enabling enforcement through the API returns no recovery codes: an admin key is not a person, so owners generate their break-glass codes in the console (Security → Domains), and `enforcement.ownersWithoutRecoveryCodes` lists who has none. " +
    "Session limits apply on each session's next request; null removes a limit.",
  tag: TAG,
  permission: "security.manage",
  body: securityPolicyPatch,
  response: securityPolicyResponse,
});

export const listSessionsRoute = defineRoute({
  method: "GET",
  path: "/sessions",
  summary: "The live console sessions of the organization's members, newest first (never a session token)",
  tag: TAG,
  permission: "security.read",
  query: securityListQuery,
  response: page(sessionResponse),
});

export const endSessionRoute = defineRoute({
  method: "DELETE",
  path: "/sessions/{sessionId}",
  summary: "End a member's session; the person is signed out of every organization on that device",
  tag: TAG,
  permission: "security.manage",
  params: sessionParams,
  status: 204,
});

export const revokeAllSessionsRoute = defineRoute({
  method: "POST",
  path: "/sessions/revoke-all",
  summary: "End every session of every member; a signed-in caller keeps the session making the request",
  description: "An admin key has no session of its own, so every session ends. Answers the number of sessions ended.",
  tag: TAG,
  permission: "security.manage",
  response: z.object({ revoked: z.number().int() }),
});
