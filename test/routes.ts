import * as adminKeyRevoke from "@/app/api/v1/admin-keys/[adminKeyId]/revoke/route";
import * as adminKeys from "@/app/api/v1/admin-keys/route";
import * as billing from "@/app/api/v1/billing/route";
import * as invoiceCsv from "@/app/api/v1/invoices/[invoiceId]/csv/route";
import * as invoicePdf from "@/app/api/v1/invoices/[invoiceId]/pdf/route";
import * as invoice from "@/app/api/v1/invoices/[invoiceId]/route";
import * as invoiceStatus from "@/app/api/v1/invoices/[invoiceId]/status/route";
import * as invoices from "@/app/api/v1/invoices/route";
import * as auditLogs from "@/app/api/v1/audit-logs/route";
import * as invite from "@/app/api/v1/invites/[inviteId]/route";
import * as invites from "@/app/api/v1/invites/route";
import * as keyRevoke from "@/app/api/v1/keys/[keyId]/revoke/route";
import * as keyRotate from "@/app/api/v1/keys/[keyId]/rotate/route";
import * as key from "@/app/api/v1/keys/[keyId]/route";
import * as member from "@/app/api/v1/members/[userId]/route";
import * as members from "@/app/api/v1/members/route";
import * as verify from "@/app/api/v1/keys/verify/route";
import * as models from "@/app/api/v1/models/route";
import * as organization from "@/app/api/v1/organization/route";
import * as projectArchive from "@/app/api/v1/projects/[projectId]/archive/route";
import * as projectBudget from "@/app/api/v1/projects/[projectId]/budget/route";
import * as projectLimits from "@/app/api/v1/projects/[projectId]/limits/route";
import * as keyLimits from "@/app/api/v1/keys/[keyId]/limits/route";
import * as keyEffectiveLimits from "@/app/api/v1/keys/[keyId]/effective-limits/route";
import * as organizationLimits from "@/app/api/v1/organization/limits/route";
import * as organizationBudgets from "@/app/api/v1/organization/budgets/route";
import * as holdRelease from "@/app/api/v1/holds/[holdId]/release/route";
import * as projectKeys from "@/app/api/v1/projects/[projectId]/keys/route";
import * as projectRestore from "@/app/api/v1/projects/[projectId]/restore/route";
import * as project from "@/app/api/v1/projects/[projectId]/route";
import * as serviceAccounts from "@/app/api/v1/projects/[projectId]/service-accounts/route";
import * as projects from "@/app/api/v1/projects/route";
import * as role from "@/app/api/v1/roles/[roleId]/route";
import * as roles from "@/app/api/v1/roles/route";
import * as domain from "@/app/api/v1/domains/[domainId]/route";
import * as domainVerify from "@/app/api/v1/domains/[domainId]/verify/route";
import * as domains from "@/app/api/v1/domains/route";
import * as securityPolicy from "@/app/api/v1/security-policy/route";
import * as session from "@/app/api/v1/sessions/[sessionId]/route";
import * as sessionsRevokeAll from "@/app/api/v1/sessions/revoke-all/route";
import * as sessionList from "@/app/api/v1/sessions/route";
import * as ssoConnection from "@/app/api/v1/sso-connections/[connectionId]/route";
import * as ssoConnections from "@/app/api/v1/sso-connections/route";
import * as usage from "@/app/api/v1/usage/route";
import * as webhookRetry from "@/app/api/v1/webhooks/[webhookId]/deliveries/[deliveryId]/retry/route";
import * as webhookDeliveries from "@/app/api/v1/webhooks/[webhookId]/deliveries/route";
import * as webhookReplay from "@/app/api/v1/webhooks/[webhookId]/replay/route";
import * as webhookRotate from "@/app/api/v1/webhooks/[webhookId]/rotate-secret/route";
import * as webhook from "@/app/api/v1/webhooks/[webhookId]/route";
import * as webhookTest from "@/app/api/v1/webhooks/[webhookId]/test/route";
import * as webhooks from "@/app/api/v1/webhooks/route";
import type { RouteSpec } from "@/lib/api/spec";
import { ALL_ROUTES } from "@/lib/api/specs";
import { isPermission } from "@/lib/rbac";
import { sharedOpenInvoice } from "./billing-factories";
import { TARGETS, type TargetOf } from "./expected-access";
import { unique, type RouteHandler } from "./factories";
import { CALLERS, type Who, type World } from "./world";

/**
 * How the security suites call one Admin API route against a world's objects. Who may call it
 * is not written here: the suite derives it from the route's spec (`permission`,
 * `fieldPermissions`) and the target below through `can()` (test/expected-access.ts).
 */
export type RouteCase = {
  handler: RouteHandler;
  /** path parameters naming an object of the world's organization */
  params?: (w: World) => Record<string, string>;
  /** a body that would be accepted from `who` (any caller when not given) */
  body?: (w: World, who?: Who) => unknown;
  /** the object the route authorizes against (its wrapper's target resolver); the organization when not given */
  target?: TargetOf;
  /** the object its `permission` is checked on once the body is read (the wrapper's `bodyTarget`) */
  bodyTarget?: TargetOf;
};

const { project: onProject, projects: onProjects, teamKey: onTeamKey, newKey: onNewKey } = TARGETS;
const projectId = (w: World) => ({ projectId: w.project.id });
const keyId = (w: World) => ({ keyId: w.teamKeyId });
const memberId = (w: World) => ({ userId: w.users.member.id });
const webhookId = (w: World) => ({ webhookId: w.webhookId });
const invoiceId = (w: World) => ({ invoiceId: w.invoiceId });
const ssoConnectionId = (w: World) => ({ connectionId: w.ssoConnectionId });
/** an admin key has no user to own a team key: its keys belong to a service account */
const byAdminKey = (who?: Who) => who !== undefined && CALLERS[who].via === "admin_key";

/** Every Admin API route (admin key or session), keyed `METHOD /path` as in lib/api/specs. */
export const ROUTE_CASES: Record<string, RouteCase> = {
  "GET /organization": { handler: organization.GET },
  // The refused callers leave the world intact; the other organization's owner deletes its own
  // organization (the body is made for the caller's world), never this one.
  "DELETE /organization": { handler: organization.DELETE, body: (w) => ({ confirmSlug: w.org.slug }) },
  // members see the projects they have a role in
  "GET /projects": { handler: projects.GET, target: onProjects },
  "POST /projects": { handler: projects.POST, body: () => ({ name: unique("Project") }) },
  "GET /projects/{projectId}": { handler: project.GET, params: projectId, target: onProject },
  "PATCH /projects/{projectId}": { handler: project.PATCH, params: projectId, body: () => ({ name: "Renamed by someone" }), target: onProject },
  "POST /projects/{projectId}/archive": { handler: projectArchive.POST, params: projectId, target: onProject },
  // the world's project is not archived: an allowed caller's restore meets a conflict (409), past authorization
  "POST /projects/{projectId}/restore": { handler: projectRestore.POST, params: projectId, target: onProject },
  "GET /projects/{projectId}/keys": { handler: projectKeys.GET, params: projectId, target: onProject },
  // a developer's `own` grant lets them create keys they own in their project
  "POST /projects/{projectId}/keys": {
    handler: projectKeys.POST,
    params: projectId,
    body: (w, who) => ({ name: unique("key"), environment: "development", ...(byAdminKey(who) ? { serviceAccountId: w.serviceAccountId } : {}) }),
    target: onProject,
    // then on the key it would make: the caller's own, or the service account's the body names
    bodyTarget: onNewKey,
  },
  // the world's team key is the owner's: a developer's `own` grant does not reach it
  "GET /keys/{keyId}": { handler: key.GET, params: keyId, target: onTeamKey },
  "PATCH /keys/{keyId}": { handler: key.PATCH, params: keyId, body: () => ({ name: "Renamed key" }), target: onTeamKey },
  "POST /keys/{keyId}/rotate": { handler: keyRotate.POST, params: keyId, body: () => ({ gracePeriodSeconds: 0 }), target: onTeamKey },
  // security owners may revoke any key (emergency revocation)
  "POST /keys/{keyId}/revoke": { handler: keyRevoke.POST, params: keyId, target: onTeamKey },
  "GET /projects/{projectId}/service-accounts": { handler: serviceAccounts.GET, params: projectId, target: onProject },
  "POST /projects/{projectId}/service-accounts": { handler: serviceAccounts.POST, params: projectId, body: () => ({ name: unique("robot") }), target: onProject },
  "GET /models": { handler: models.GET },
  "GET /admin-keys": { handler: adminKeys.GET },
  // an admin key of the admin role: every caller holding admin_key.manage holds its permissions (the rank guard has its own tests)
  "POST /admin-keys": { handler: adminKeys.POST, body: () => ({ name: unique("key"), role: "admin" }) },
  "POST /admin-keys/{adminKeyId}/revoke": { handler: adminKeyRevoke.POST, params: (w) => ({ adminKeyId: w.spareAdminKeyId }) },
  "GET /members": { handler: members.GET },
  "PATCH /members/{userId}": { handler: member.PATCH, params: memberId, body: () => ({ role: "admin" }) },
  "DELETE /members/{userId}": { handler: member.DELETE, params: memberId },
  "GET /invites": { handler: invites.GET },
  "POST /invites": { handler: invites.POST, body: () => ({ email: `${unique("invited")}@example.test`, role: "member" }) },
  "DELETE /invites/{inviteId}": { handler: invite.DELETE, params: (w) => ({ inviteId: w.inviteId }) },
  // custom roles: every caller with member.update holds key.read, the permission of the roles made and changed here
  "GET /roles": { handler: roles.GET },
  "POST /roles": { handler: roles.POST, body: () => ({ name: unique("Role"), scope: "organization", permissions: ["key.read"] }) },
  "GET /roles/{roleId}": { handler: role.GET, params: (w) => ({ roleId: w.roleId }) },
  "PATCH /roles/{roleId}": { handler: role.PATCH, params: (w) => ({ roleId: w.roleId }), body: () => ({ name: unique("Renamed role") }) },
  "DELETE /roles/{roleId}": { handler: role.DELETE, params: (w) => ({ roleId: w.roleId }) },
  "GET /webhooks": { handler: webhooks.GET },
  "POST /webhooks": { handler: webhooks.POST, body: () => ({ url: "https://receiver.invalid/new", eventTypes: ["security.sso_connection.deleted"] }) },
  "GET /webhooks/{webhookId}": { handler: webhook.GET, params: webhookId },
  "PATCH /webhooks/{webhookId}": { handler: webhook.PATCH, params: webhookId, body: () => ({ description: "Changed" }) },
  "DELETE /webhooks/{webhookId}": { handler: webhook.DELETE, params: webhookId },
  "POST /webhooks/{webhookId}/rotate-secret": { handler: webhookRotate.POST, params: webhookId },
  "POST /webhooks/{webhookId}/test": { handler: webhookTest.POST, params: webhookId },
  "GET /webhooks/{webhookId}/deliveries": { handler: webhookDeliveries.GET, params: webhookId },
  "POST /webhooks/{webhookId}/deliveries/{deliveryId}/retry": { handler: webhookRetry.POST, params: (w) => ({ webhookId: w.webhookId, deliveryId: w.deliveryId }) },
  "POST /webhooks/{webhookId}/replay": { handler: webhookReplay.POST, params: webhookId, body: () => ({ since: new Date(Date.now() - 3600_000).toISOString() }) },
  "GET /sso-connections": { handler: ssoConnections.GET },
  "POST /sso-connections": {
    handler: ssoConnections.POST,
    body: () => ({ protocol: "oidc", name: unique("IdP"), issuer: "https://idp.invalid", clientId: "c", clientSecret: "s" }),
  },
  "GET /sso-connections/{connectionId}": { handler: ssoConnection.GET, params: ssoConnectionId },
  "PATCH /sso-connections/{connectionId}": { handler: ssoConnection.PATCH, params: ssoConnectionId, body: () => ({ name: "Renamed" }) },
  "DELETE /sso-connections/{connectionId}": { handler: ssoConnection.DELETE, params: ssoConnectionId },
  "GET /domains": { handler: domains.GET },
  "POST /domains": { handler: domains.POST, body: () => ({ domain: `${unique("claimed")}.test` }) },
  // the world's domain has no TXT record: an allowed caller is answered pending, with the lookup's error
  "POST /domains/{domainId}/verify": { handler: domainVerify.POST, params: (w) => ({ domainId: w.domainId }) },
  "DELETE /domains/{domainId}": { handler: domain.DELETE, params: (w) => ({ domainId: w.domainId }) },
  "GET /security-policy": { handler: securityPolicy.GET },
  "PATCH /security-policy": { handler: securityPolicy.PATCH, body: () => ({ sessionMaxAgeSeconds: 7 * 86400 }) },
  "GET /sessions": { handler: sessionList.GET },
  "DELETE /sessions/{sessionId}": { handler: session.DELETE, params: (w) => ({ sessionId: w.memberSessionId }) },
  "POST /sessions/revoke-all": { handler: sessionsRevokeAll.POST },
  // without a filter: the caller's projects (members see only theirs)
  "GET /usage": { handler: usage.GET, target: onProjects },
  "GET /audit-logs": { handler: auditLogs.GET },
  "PUT /projects/{projectId}/budget": { handler: projectBudget.PUT, params: projectId, body: () => ({ monthlyLimitMicros: 1_000_000 }), target: onProject },
  // limits: usage.read to read; the PUT bodies give both sections, so the suite checks each
  // section's field permission alone and together (lib/api/specs/limits.ts)
  "GET /organization/limits": { handler: organizationLimits.GET },
  "PUT /organization/limits": { handler: organizationLimits.PUT, body: () => ({ budgets: [], rateLimits: [] }) },
  "GET /organization/budgets": { handler: organizationBudgets.GET },
  "GET /projects/{projectId}/limits": { handler: projectLimits.GET, params: projectId, target: onProject },
  "PUT /projects/{projectId}/limits": { handler: projectLimits.PUT, params: projectId, body: () => ({ budgets: [], rateLimits: [] }), target: onProject },
  "GET /keys/{keyId}/limits": { handler: keyLimits.GET, params: keyId, target: onTeamKey },
  "PUT /keys/{keyId}/limits": { handler: keyLimits.PUT, params: keyId, body: () => ({ budgets: [], rateLimits: [] }), target: onTeamKey },
  "GET /keys/{keyId}/effective-limits": { handler: keyEffectiveLimits.GET, params: keyId, target: onTeamKey },
  "GET /billing": { handler: billing.GET },
  "PATCH /billing": { handler: billing.PATCH, body: () => ({ renewalContacts: ["ap@example.test"] }) },
  "GET /invoices": { handler: invoices.GET },
  "GET /invoices/{invoiceId}": { handler: invoice.GET, params: invoiceId },
  "GET /invoices/{invoiceId}/pdf": { handler: invoicePdf.GET, params: invoiceId },
  "GET /invoices/{invoiceId}/csv": { handler: invoiceCsv.GET, params: invoiceId },
};

export const routeKey = (spec: Pick<RouteSpec, "method" | "path">) => `${spec.method} ${spec.path}`;

/** The Admin API: every route whose spec names a permission (not "platform" or "public"). */
export const ADMIN_ROUTES = ALL_ROUTES.filter((spec) => isPermission(spec.permission));

/** The request path with its parameters filled in: `/projects/{projectId}` → `/projects/prj_…`. */
export function fillPath(path: string, params: Record<string, string>) {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
}

/** Platform routes (a platform token only), with a body they accept. */
export const PLATFORM_CASES: Record<string, { handler: RouteHandler; body: unknown }> = {
  "POST /keys/verify": { handler: verify.POST, body: { key: "anyint_sk_unknown" } },
  "POST /usage": {
    handler: usage.POST,
    body: { events: [{ id: "evt-unknown-key", keyId: "key_unknown", model: "openai/gpt-4o", inputTokens: 1, outputTokens: 1, timestamp: new Date().toISOString() }] },
  },
  // a hold nobody holds: released false, as often as asked
  "POST /holds/{holdId}/release": {
    handler: (req) => holdRelease.POST(req, { params: Promise.resolve({ holdId: `hold_${"0".repeat(20)}` }) }),
    body: {},
  },
  // an open invoice of its own organization, made on first use: paying it twice answers 200 both times
  "POST /invoices/{invoiceId}/status": {
    handler: async (req) => invoiceStatus.POST(req, { params: Promise.resolve({ invoiceId: await sharedOpenInvoice() }) }),
    body: { status: "paid" },
  },
};

export const PLATFORM_ROUTES = ALL_ROUTES.filter((spec) => spec.permission === "platform");
