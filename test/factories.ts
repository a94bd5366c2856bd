import { newRequestId } from "@/lib/core/request";
import { randomBytes } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { expect } from "vitest";
import type { z } from "zod";
import { getDb } from "@/db/client";
import {
  adminKeys,
  auditLogs,
  invitations,
  memberships,
  outboxEvents,
  projectMembers,
  projects,
  securityPolicies,
  sessions,
  ssoDomains,
  webhookDeliveries,
  webhookEndpoints,
  type Organization,
  type User,
} from "@/db/schema";
import { createAdminKey } from "@/lib/admin-keys/service";
import type { PlanId } from "@/lib/orgs/plans";
import { createOrganization, findOrCreateUser } from "@/lib/orgs/service";
import type { createProjectInput } from "@/lib/projects/schemas";
import { createProject } from "@/lib/projects/service";
import type { AdminKeyRole, OrgRole, ProjectRole } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";

// Factories for integration tests: every call makes new rows with random names, so tests
// never share state, nothing is truncated and files run in parallel.

/** A short random suffix: `prefix-3f9a1c0b7e`. */
export const unique = (prefix = "t") => `${prefix}-${randomBytes(5).toString("hex")}`;

export const userActor = (user: User) => ({ type: "user" as const, userId: user.id, email: user.email, name: user.name });

/** A service context acting as `user` with `role` in the organization. */
export function userContext(
  user: User,
  organizationId: string,
  role: OrgRole = "owner",
  projectRoles: Map<string, ProjectRole> = new Map(),
): RequestContext {
  return {
    principal: { actor: userActor(user), organizationId, role, projectRoles },
    requestId: newRequestId(),
    ip: "127.0.0.1",
    userAgent: "vitest",
  };
}

export async function createUser(name?: string): Promise<User> {
  return findOrCreateUser(await getDb(), `${unique("user")}@example.test`, name);
}

export type OrgFixture = { org: Organization; owner: User; ctx: RequestContext };

/** A new organization with a new owner (through the real service, audit entry included). */
export async function createOrg(opts: { name?: string; plan?: PlanId; owner?: User } = {}): Promise<OrgFixture> {
  const db = await getDb();
  const owner = opts.owner ?? (await createUser("Owner"));
  const org = await db.transaction((tx) =>
    createOrganization(tx, userActor(owner), { name: opts.name ?? unique("Org") }, {
      requestId: newRequestId(),
      ip: null,
      userAgent: "vitest",
      plan: opts.plan,
    }),
  );
  return { org, owner, ctx: userContext(owner, org.id) };
}

/** Adds a user (new unless given) to the organization with an organization role. */
export async function addMember(organizationId: string, role: OrgRole, user?: User): Promise<User> {
  const member = user ?? (await createUser(`A ${role}`));
  const db = await getDb();
  await db.insert(memberships).values({ organizationId, userId: member.id, role });
  return member;
}

/** Gives an organization member a role in one project. */
export async function addProjectMember(projectId: string, user: User, role: ProjectRole) {
  const db = await getDb();
  const [p] = await db.select({ organizationId: projects.organizationId }).from(projects).where(eq(projects.id, projectId));
  await db.insert(projectMembers).values({ organizationId: p!.organizationId, projectId, userId: user.id, role });
}

type ProjectInput = Partial<z.infer<typeof createProjectInput>>;

export async function createTestProject(fx: OrgFixture, input: ProjectInput = {}) {
  const db = await getDb();
  return db.transaction((tx) => createProject(tx, fx.ctx, { name: unique("Project"), ...input }));
}

/** An admin key of the organization, created by its owner; `secret` is the bearer token. */
export async function createTestAdminKey(fx: OrgFixture, role: AdminKeyRole = "owner", opts: { expiresAt?: Date } = {}) {
  const db = await getDb();
  return db.transaction((tx) =>
    createAdminKey(tx, fx.ctx, { name: unique(`${role} key`), role, expiresAt: opts.expiresAt?.toISOString() }),
  );
}

/** A database session for the user; returns the Cookie header that carries it. */
export async function createSession(user: User, opts: { expires?: Date } = {}): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const db = await getDb();
  await db.insert(sessions).values({
    sessionToken: token,
    userId: user.id,
    expires: opts.expires ?? new Date(Date.now() + 3600_000),
  });
  return `authjs.session-token=${token}`;
}

// ---- requests ---------------------------------------------------------------------------

export type HeaderMap = Record<string, string>;

export const asKey = (secret: string): HeaderMap => ({ authorization: `Bearer ${secret}` });

/** A session cookie as the console's own pages send it, with the organization chosen by header when given (id or slug). */
export const asSession = (cookie: string, organization?: string): HeaderMap => ({
  cookie,
  origin: "http://localhost",
  "sec-fetch-site": "same-origin",
  ...(organization ? { "anyint-organization": organization } : {}),
});

/** A Request to /api/v1`path`; a non-string body is sent as JSON. */
export function apiRequest(method: string, path: string, opts: { headers?: HeaderMap; body?: unknown } = {}): Request {
  const hasBody = opts.body !== undefined;
  return new Request(`http://localhost/api/v1${path}`, {
    method,
    headers: { ...(hasBody ? { "content-type": "application/json" } : {}), "user-agent": "vitest", ...opts.headers },
    body: !hasBody ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body),
  });
}

export type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

// Answers are read loosely: the tests assert on their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Calls a route handler in-process the way Next.js does, and reads the JSON answer. */
export async function call(handler: RouteHandler, req: Request, params: Record<string, string> = {}) {
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  const body: Json = text ? JSON.parse(text) : null;
  return { status: res.status, body, headers: res.headers };
}

/** The AppError a service call fails with (the test fails if it succeeds or throws anything else). */
export async function refusal(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

// ---- database reads -------------------------------------------------------------------

export async function auditRows(organizationId: string) {
  const db = await getDb();
  return db.select().from(auditLogs).where(eq(auditLogs.organizationId, organizationId));
}

export async function outboxRows(organizationId: string) {
  const db = await getDb();
  return db.select().from(outboxEvents).where(eq(outboxEvents.organizationId, organizationId));
}

/** What a failed request must not change: audit and outbox counts, projects, admin keys, members, invitations, webhooks, domains, security policy. */
export async function orgState(organizationId: string) {
  const db = await getDb();
  const [audit] = await db.select({ n: count() }).from(auditLogs).where(eq(auditLogs.organizationId, organizationId));
  const [outbox] = await db.select({ n: count() }).from(outboxEvents).where(eq(outboxEvents.organizationId, organizationId));
  const projectRows = await db
    .select({ id: projects.id, name: projects.name, slug: projects.slug, archivedAt: projects.archivedAt, updatedAt: projects.updatedAt })
    .from(projects)
    .where(eq(projects.organizationId, organizationId));
  const keyRows = await db
    .select({ id: adminKeys.id, revokedAt: adminKeys.revokedAt })
    .from(adminKeys)
    .where(eq(adminKeys.organizationId, organizationId));
  const memberRows = await db
    .select({ id: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.organizationId, organizationId));
  const projectRoleRows = await db
    .select({ id: projectMembers.userId, projectId: projectMembers.projectId, role: projectMembers.role })
    .from(projectMembers)
    .where(eq(projectMembers.organizationId, organizationId));
  const invitationRows = await db
    .select({ id: invitations.id, tokenHash: invitations.tokenHash, revokedAt: invitations.revokedAt, acceptedAt: invitations.acceptedAt })
    .from(invitations)
    .where(eq(invitations.organizationId, organizationId));
  const endpointRows = await db
    .select({ id: webhookEndpoints.id, url: webhookEndpoints.url, enabled: webhookEndpoints.enabled, secret: webhookEndpoints.secret, updatedAt: webhookEndpoints.updatedAt })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.organizationId, organizationId));
  const deliveryRows = await db
    .select({ id: webhookDeliveries.id, status: webhookDeliveries.status, nextAttemptAt: webhookDeliveries.nextAttemptAt })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.organizationId, organizationId));
  const domainRows = await db
    .select({ id: ssoDomains.id, verifiedAt: ssoDomains.verifiedAt, lastCheckedAt: ssoDomains.lastCheckedAt })
    .from(ssoDomains)
    .where(eq(ssoDomains.organizationId, organizationId));
  const [policy] = await db.select().from(securityPolicies).where(eq(securityPolicies.organizationId, organizationId));
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  return {
    domains: domainRows.sort(byId),
    securityPolicy: policy ?? null,
    audit: audit!.n,
    outbox: outbox!.n,
    projects: projectRows.sort(byId),
    adminKeys: keyRows.sort(byId),
    members: memberRows.sort(byId),
    projectRoles: projectRoleRows.sort((a, b) => `${a.id}${a.projectId}`.localeCompare(`${b.id}${b.projectId}`)),
    invitations: invitationRows.sort(byId),
    webhookEndpoints: endpointRows.sort(byId),
    webhookDeliveries: deliveryRows.sort(byId),
  };
}
