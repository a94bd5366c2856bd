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
import { unique, type RouteHandler } from "./factories";
import type { Who, World } from "./world";

/** How the security suite calls one Admin API route against a world's objects. */
export type RouteCase = {
  handler: RouteHandler;
  /** path parameters naming an object of the world's organization */
  params?: (w: World) => Record<string, string>;
  /** a body that would be accepted */
  body?: (w: World) => unknown;
  /** callers of the organization without the permission; empty when every role holds it */
  denied: Who[];
};

const projectId = (w: World) => ({ projectId: w.project.id });
const keyId = (w: World) => ({ keyId: w.teamKeyId });
/** the world's team key is the owner's: a developer's `own` grant does not reach it */
const notTheKeysOwner: Who[] = ["key:finance", "key:security", "session:viewer", "session:developer", "session:member"];
/** member.invite, member.update, member.remove: owners and admins only */
const notAnAdmin: Who[] = ["key:finance", "key:security", "session:project_admin", "session:developer", "session:viewer", "session:member"];
const memberId = (w: World) => ({ userId: w.users.member.id });
/** webhook.read, webhook.manage: owners and admins only */
const notWebhookAdmin: Who[] = ["key:finance", "key:security", "session:project_admin", "session:developer", "session:viewer", "session:member"];
const webhookId = (w: World) => ({ webhookId: w.webhookId });
/** billing.read: owners, admins and finance owners only */
const notBillingReader: Who[] = ["key:security", "session:project_admin", "session:developer", "session:viewer", "session:member"];
const invoiceId = (w: World) => ({ invoiceId: w.invoiceId });
/** security.read: owners, admins and security owners; security.manage: owners and security owners */
const notSecurityReader: Who[] = ["key:finance", "session:project_admin", "session:developer", "session:viewer", "session:member"];
const notSecurityManager: Who[] = ["key:admin", ...notSecurityReader];
const ssoConnectionId = (w: World) => ({ connectionId: w.ssoConnectionId });

/** Every Admin API route (admin key or session), keyed `METHOD /path` as in lib/api/specs. */
export const ROUTE_CASES: Record<string, RouteCase> = {
  // org.read: every role of the organization holds it
  "GET /organization": { handler: organization.GET, denied: [] },
  // org.delete: owners only. The 401/403 callers leave the world intact; the other organization's
  // owner deletes its own organization (the body is made for the caller's world), never this one.
  "DELETE /organization": {
    handler: organization.DELETE,
    body: (w) => ({ confirmSlug: w.org.slug }),
    denied: ["key:admin", "key:finance", "key:security", "session:project_admin", "session:developer", "session:viewer", "session:member"],
  },
  "GET /projects": { handler: projects.GET, denied: ["session:member"] },
  "POST /projects": {
    handler: projects.POST,
    body: () => ({ name: "Denied project" }),
    denied: ["key:finance", "key:security", "session:project_admin", "session:member"],
  },
  "GET /projects/{projectId}": { handler: project.GET, params: projectId, denied: ["session:member"] },
  "PATCH /projects/{projectId}": {
    handler: project.PATCH,
    params: projectId,
    body: () => ({ name: "Renamed by someone" }),
    denied: ["key:finance", "key:security", "session:viewer", "session:developer", "session:member"],
  },
  "POST /projects/{projectId}/archive": {
    handler: projectArchive.POST,
    params: projectId,
    denied: ["key:finance", "key:security", "session:viewer", "session:developer"],
  },
  "POST /projects/{projectId}/restore": {
    handler: projectRestore.POST,
    params: projectId,
    denied: ["key:finance", "key:security", "session:viewer", "session:developer"],
  },
  "GET /projects/{projectId}/keys": { handler: projectKeys.GET, params: projectId, denied: ["key:finance", "session:member"] },
  "POST /projects/{projectId}/keys": {
    handler: projectKeys.POST,
    params: projectId,
    body: () => ({ name: "Denied key", environment: "development" }),
    denied: ["key:finance", "key:security", "session:viewer", "session:member"],
  },
  "GET /keys/{keyId}": { handler: key.GET, params: keyId, denied: ["key:finance", "session:member"] },
  "PATCH /keys/{keyId}": { handler: key.PATCH, params: keyId, body: () => ({ name: "Renamed key" }), denied: notTheKeysOwner },
  "POST /keys/{keyId}/rotate": {
    handler: keyRotate.POST,
    params: keyId,
    body: () => ({ gracePeriodSeconds: 0 }),
    denied: notTheKeysOwner,
  },
  // security owners may revoke any key (emergency revocation)
  "POST /keys/{keyId}/revoke": {
    handler: keyRevoke.POST,
    params: keyId,
    denied: ["key:finance", "session:viewer", "session:developer", "session:member"],
  },
  "GET /projects/{projectId}/service-accounts": { handler: serviceAccounts.GET, params: projectId, denied: ["session:member"] },
  "POST /projects/{projectId}/service-accounts": {
    handler: serviceAccounts.POST,
    params: projectId,
    body: () => ({ name: "Denied robot" }),
    denied: ["key:finance", "key:security", "session:viewer", "session:developer", "session:member"],
  },
  // org.read: every role of the organization holds it
  "GET /models": { handler: models.GET, denied: [] },
  "GET /admin-keys": { handler: adminKeys.GET, denied: ["key:finance", "key:security", "session:project_admin"] },
  "POST /admin-keys": {
    handler: adminKeys.POST,
    body: () => ({ name: "Denied key", role: "finance" }),
    denied: ["key:finance", "key:security", "session:project_admin"],
  },
  "POST /admin-keys/{adminKeyId}/revoke": {
    handler: adminKeyRevoke.POST,
    params: (w) => ({ adminKeyId: w.spareAdminKeyId }),
    denied: ["key:finance", "key:security", "session:member"],
  },
  // member.read: every role of the organization holds it
  "GET /members": { handler: members.GET, denied: [] },
  "PATCH /members/{userId}": { handler: member.PATCH, params: memberId, body: () => ({ role: "admin" }), denied: notAnAdmin },
  "DELETE /members/{userId}": { handler: member.DELETE, params: memberId, denied: notAnAdmin },
  "GET /invites": { handler: invites.GET, denied: [] },
  "POST /invites": {
    handler: invites.POST,
    body: () => ({ email: `${unique("invited")}@example.test`, role: "member" }),
    denied: notAnAdmin,
  },
  "DELETE /invites/{inviteId}": { handler: invite.DELETE, params: (w) => ({ inviteId: w.inviteId }), denied: notAnAdmin },
  "GET /webhooks": { handler: webhooks.GET, denied: notWebhookAdmin },
  "POST /webhooks": {
    handler: webhooks.POST,
    body: () => ({ url: "https://receiver.invalid/new", eventTypes: ["security.sso_connection.deleted"] }),
    denied: notWebhookAdmin,
  },
  "GET /webhooks/{webhookId}": { handler: webhook.GET, params: webhookId, denied: notWebhookAdmin },
  "PATCH /webhooks/{webhookId}": { handler: webhook.PATCH, params: webhookId, body: () => ({ description: "Changed" }), denied: notWebhookAdmin },
  "DELETE /webhooks/{webhookId}": { handler: webhook.DELETE, params: webhookId, denied: notWebhookAdmin },
  "POST /webhooks/{webhookId}/rotate-secret": { handler: webhookRotate.POST, params: webhookId, denied: notWebhookAdmin },
  "POST /webhooks/{webhookId}/test": { handler: webhookTest.POST, params: webhookId, denied: notWebhookAdmin },
  "GET /webhooks/{webhookId}/deliveries": { handler: webhookDeliveries.GET, params: webhookId, denied: notWebhookAdmin },
  "POST /webhooks/{webhookId}/deliveries/{deliveryId}/retry": {
    handler: webhookRetry.POST,
    params: (w) => ({ webhookId: w.webhookId, deliveryId: w.deliveryId }),
    denied: notWebhookAdmin,
  },
  "POST /webhooks/{webhookId}/replay": {
    handler: webhookReplay.POST,
    params: webhookId,
    body: () => ({ since: new Date(Date.now() - 3600_000).toISOString() }),
    denied: notWebhookAdmin,
  },
  "GET /sso-connections": { handler: ssoConnections.GET, denied: notSecurityReader },
  "POST /sso-connections": {
    handler: ssoConnections.POST,
    body: () => ({ protocol: "oidc", name: "Denied IdP", issuer: "https://idp.invalid", clientId: "c", clientSecret: "s" }),
    denied: notSecurityManager,
  },
  "GET /sso-connections/{connectionId}": { handler: ssoConnection.GET, params: ssoConnectionId, denied: notSecurityReader },
  "PATCH /sso-connections/{connectionId}": { handler: ssoConnection.PATCH, params: ssoConnectionId, body: () => ({ name: "Renamed" }), denied: notSecurityManager },
  "DELETE /sso-connections/{connectionId}": { handler: ssoConnection.DELETE, params: ssoConnectionId, denied: notSecurityManager },
  "GET /domains": { handler: domains.GET, denied: notSecurityReader },
  "POST /domains": { handler: domains.POST, body: () => ({ domain: `${unique("claimed")}.test` }), denied: notSecurityManager },
  // the world's domain has no TXT record: callers who get past authorization are answered before any DNS lookup
  "POST /domains/{domainId}/verify": { handler: domainVerify.POST, params: (w) => ({ domainId: w.domainId }), denied: notSecurityManager },
  "DELETE /domains/{domainId}": { handler: domain.DELETE, params: (w) => ({ domainId: w.domainId }), denied: notSecurityManager },
  "GET /security-policy": { handler: securityPolicy.GET, denied: notSecurityReader },
  "PATCH /security-policy": { handler: securityPolicy.PATCH, body: () => ({ sessionMaxAgeSeconds: 7 * 86400 }), denied: notSecurityManager },
  "GET /sessions": { handler: sessionList.GET, denied: notSecurityReader },
  "DELETE /sessions/{sessionId}": { handler: session.DELETE, params: (w) => ({ sessionId: w.memberSessionId }), denied: notSecurityManager },
  "POST /sessions/revoke-all": { handler: sessionsRevokeAll.POST, denied: notSecurityManager },
  // usage.read: every role but a member without a project role; members see only their projects
  "GET /usage": { handler: usage.GET, denied: ["session:member"] },
  // audit.read: owners, admins and security owners
  "GET /audit-logs": {
    handler: auditLogs.GET,
    denied: ["key:finance", "session:project_admin", "session:developer", "session:viewer", "session:member"],
  },
  // budget.manage: owners and finance owners only
  "PUT /projects/{projectId}/budget": {
    handler: projectBudget.PUT,
    params: projectId,
    body: () => ({ monthlyLimitMicros: 1_000_000 }),
    denied: ["key:admin", "key:security", "session:project_admin", "session:developer", "session:viewer", "session:member"],
  },
  // limits: usage.read to read; budgets need budget.manage, rate limits the target's update permission
  "GET /organization/limits": { handler: organizationLimits.GET, denied: ["session:project_admin", "session:developer", "session:viewer", "session:member"] },
  "PUT /organization/limits": {
    handler: organizationLimits.PUT,
    body: () => ({ budgets: [] }),
    denied: ["key:admin", "key:security", "session:project_admin", "session:developer", "session:viewer", "session:member"],
  },
  "GET /organization/budgets": { handler: organizationBudgets.GET, denied: ["session:project_admin", "session:developer", "session:viewer", "session:member"] },
  "GET /projects/{projectId}/limits": { handler: projectLimits.GET, params: projectId, denied: ["session:member"] },
  "PUT /projects/{projectId}/limits": {
    handler: projectLimits.PUT,
    params: projectId,
    body: () => ({ rateLimits: [] }),
    denied: ["key:finance", "key:security", "session:viewer", "session:developer", "session:member"],
  },
  "GET /keys/{keyId}/limits": { handler: keyLimits.GET, params: keyId, denied: ["session:member"] },
  "PUT /keys/{keyId}/limits": { handler: keyLimits.PUT, params: keyId, body: () => ({ rateLimits: [] }), denied: notTheKeysOwner },
  "GET /keys/{keyId}/effective-limits": { handler: keyEffectiveLimits.GET, params: keyId, denied: ["session:member"] },
  // billing.read: owners, admins and finance owners; billing.manage: owners and finance owners
  "GET /billing": { handler: billing.GET, denied: notBillingReader },
  "PATCH /billing": { handler: billing.PATCH, body: () => ({ renewalContacts: ["ap@example.test"] }), denied: ["key:admin", ...notBillingReader] },
  "GET /invoices": { handler: invoices.GET, denied: notBillingReader },
  "GET /invoices/{invoiceId}": { handler: invoice.GET, params: invoiceId, denied: notBillingReader },
  "GET /invoices/{invoiceId}/pdf": { handler: invoicePdf.GET, params: invoiceId, denied: notBillingReader },
  "GET /invoices/{invoiceId}/csv": { handler: invoiceCsv.GET, params: invoiceId, denied: notBillingReader },
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
