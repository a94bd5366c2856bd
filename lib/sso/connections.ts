import { createHash } from "node:crypto";
import { and, asc, eq, ne } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { organizations, securityPolicies, ssoConnections, users, type SsoConnection } from "@/db/schema";
import { diff, recordChange } from "@/lib/audit/record";
import { seal } from "@/lib/crypto/secret-box";
import { assertMayGrant } from "@/lib/members/guards";
import { FEATURES, hasFeature } from "@/lib/orgs/plans";
import type { OrgRole, OrgRoleRef } from "@/lib/rbac";
import { resolveOrgRole } from "@/lib/roles/grants";
import type { RequestContext } from "@/lib/core/context";
import { AppError, invalid, notFound } from "@/lib/core/errors";
import { fetchIdpMetadata, parseIdpMetadata } from "./saml-metadata";
import type { z } from "zod";
import { fromZodIssues } from "@/lib/core/errors";
import { connectionInput, type ConnectionInput, type patchConnectionInput, type SamlConnectionInput } from "./schemas";

export type ConnectionRow = SsoConnection & { testedByEmail: string | null };

const withTester = {
  connection: ssoConnections,
  testedByEmail: users.email,
};

const flatten = (r: { connection: SsoConnection; testedByEmail: string | null }): ConnectionRow => ({ ...r.connection, testedByEmail: r.testedByEmail });

export async function listConnections(db: Queryable, organizationId: string): Promise<ConnectionRow[]> {
  const rows = await db
    .select(withTester)
    .from(ssoConnections)
    .leftJoin(users, eq(users.id, ssoConnections.testedById))
    .where(eq(ssoConnections.organizationId, organizationId))
    .orderBy(asc(ssoConnections.createdAt));
  return rows.map(flatten);
}

/** One connection of the organization; NOT_FOUND for another organization's. */
export async function getConnection(db: Queryable, organizationId: string, id: string): Promise<ConnectionRow> {
  const [row] = await db
    .select(withTester)
    .from(ssoConnections)
    .leftJoin(users, eq(users.id, ssoConnections.testedById))
    .where(and(eq(ssoConnections.organizationId, organizationId), eq(ssoConnections.id, id)));
  if (!row) throw notFound("Single sign-on connection");
  return flatten(row);
}

/** Whether a SAML connection has this id, enabled or not: its SP metadata is public, so the IdP can be set up first. */
export async function isSamlConnection(db: Queryable, id: string): Promise<boolean> {
  const [row] = await db.select({ protocol: ssoConnections.protocol }).from(ssoConnections).where(eq(ssoConnections.id, id));
  return row?.protocol === "saml";
}

/** For the public start and callback routes: the connection, if it is enabled and its organization's plan includes SSO. */
export async function findEnabledConnection(db: Queryable, id: string): Promise<SsoConnection | null> {
  const [row] = await db
    .select({ connection: ssoConnections, plan: organizations.plan })
    .from(ssoConnections)
    .innerJoin(organizations, eq(organizations.id, ssoConnections.organizationId))
    .where(eq(ssoConnections.id, id));
  if (!row || !row.connection.enabled || !hasFeature(row.plan, "sso")) return null;
  return row.connection;
}

/** Hash of the settings that decide whether a sign-in works; a test is valid for this fingerprint only. */
export function connectionFingerprint(conn: SsoConnection): string {
  const material =
    conn.protocol === "oidc"
      ? ["oidc", conn.issuer, conn.clientId, conn.clientSecretSealed]
      : ["saml", conn.idpEntityId, conn.idpSsoUrl, [...conn.idpCertificates].sort()];
  return createHash("sha256").update(JSON.stringify(material)).digest("base64url");
}

/** Tested with a real sign-in, and nothing that matters for sign-in changed since. */
export function isTested(conn: SsoConnection): boolean {
  return conn.testedAt !== null && conn.testedFingerprint === connectionFingerprint(conn);
}

/** What the API, events and audit show of a connection: never the secret. */
export function publicConnection(conn: SsoConnection) {
  return {
    id: conn.id,
    protocol: conn.protocol,
    name: conn.name,
    enabled: conn.enabled,
    issuer: conn.issuer,
    clientId: conn.clientId,
    hasClientSecret: conn.clientSecretSealed !== null,
    idpMetadataUrl: conn.idpMetadataUrl,
    idpEntityId: conn.idpEntityId,
    idpSsoUrl: conn.idpSsoUrl,
    defaultRole: conn.defaultRole,
    groupsClaim: conn.groupsClaim,
    groupRoleMapping: conn.groupRoleMapping,
    tested: isTested(conn),
    testedAt: conn.testedAt?.toISOString() ?? null,
    createdAt: conn.createdAt.toISOString(),
    updatedAt: conn.updatedAt.toISOString(),
  };
}

/** FORBIDDEN, saying so plainly, when the organization's plan has no SSO. */
export async function requireSsoPlan(db: Queryable, organizationId: string) {
  const [org] = await db.select({ plan: organizations.plan }).from(organizations).where(eq(organizations.id, organizationId));
  if (!org || !hasFeature(org.plan, "sso")) {
    throw new AppError("FORBIDDEN", `${FEATURES.sso} is not included in this organization's plan. Upgrade to Enterprise to add connections.`);
  }
}

/** Fetches IdP metadata by URL; failures name the `metadataUrl` field. */
export async function metadataFromUrl(url: string): Promise<string> {
  try {
    return await fetchIdpMetadata(url);
  } catch (error) {
    if (error instanceof AppError) throw new AppError("INVALID_REQUEST", error.message, { fieldErrors: [{ path: "metadataUrl", message: error.fieldErrors[0]?.message ?? error.userMessage }] });
    throw invalid("metadataUrl", "could not be fetched");
  }
}

/**
 * The network half of saving a SAML connection (fetching metadata by URL), done before the
 * transaction opens: the input with the fetched XML, unchanged otherwise.
 */
export async function withFetchedMetadata<T extends { protocol?: string; metadataUrl?: string | null; metadataXml?: string | null }>(input: T): Promise<T> {
  if (input.protocol !== "saml" || input.metadataXml || !input.metadataUrl) return input;
  return { ...input, metadataXml: await metadataFromUrl(input.metadataUrl) };
}

async function samlColumns(input: SamlConnectionInput, current?: SsoConnection) {
  let xml = input.metadataXml ?? null;
  const url = input.metadataUrl ?? null;
  if (!xml && url) {
    if (current && url === current.idpMetadataUrl && current.idpMetadataXml) xml = current.idpMetadataXml;
    else xml = await metadataFromUrl(url);
  }
  if (!xml && current?.idpMetadataXml) xml = current.idpMetadataXml;
  if (!xml) throw invalid("metadataXml", "is required: paste the identity provider's metadata XML, upload it, or give its metadata URL");
  const parsed = parseIdpMetadata(xml);
  return {
    idpMetadataXml: xml,
    idpMetadataUrl: url,
    idpEntityId: parsed.entityId,
    idpSsoUrl: parsed.ssoUrl,
    idpCertificates: parsed.certificates,
  };
}

/**
 * Nobody configures a connection that grants a role they could not give by hand (the rank and
 * permission rule of lib/members/guards.ts), naming the field. Grants equal to those of
 * `unchangedFrom` are not checked again; callers pass it only when what decides who signs in is
 * unchanged (an IdP swapped under an existing mapping is a new grant of every role).
 */
async function assertMayConfigureRoles(
  tx: Queryable,
  ctx: RequestContext,
  next: { defaultRole: OrgRole; groupRoleMapping?: Record<string, OrgRoleRef> },
  unchangedFrom?: SsoConnection,
) {
  if (next.defaultRole !== unchangedFrom?.defaultRole) assertMayGrant(ctx, { role: next.defaultRole, custom: null }, "defaultRole");
  for (const [group, role] of Object.entries(next.groupRoleMapping ?? {})) {
    const path = `groupRoleMapping.${group}`;
    // a custom role must be one of this organization's, organization-scoped (checked even when unchanged)
    const grant = await resolveOrgRole(tx, ctx.principal.organizationId, role, path);
    const before = unchangedFrom && Object.hasOwn(unchangedFrom.groupRoleMapping, group) ? unchangedFrom.groupRoleMapping[group] : undefined;
    if (role !== before) assertMayGrant(ctx, grant, path);
  }
}

function commonColumns(input: ConnectionInput) {
  return {
    name: input.name,
    defaultRole: input.defaultRole,
    ...(input.groupsClaim !== undefined ? { groupsClaim: input.groupsClaim } : {}),
    ...(input.groupRoleMapping !== undefined ? { groupRoleMapping: input.groupRoleMapping } : {}),
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
  };
}

export async function createConnection(tx: Queryable, ctx: RequestContext, input: ConnectionInput): Promise<SsoConnection> {
  const organizationId = ctx.principal.organizationId;
  await requireSsoPlan(tx, organizationId);
  await assertMayConfigureRoles(tx, ctx, input);
  let values;
  if (input.protocol === "oidc") {
    if (!input.clientSecret) throw invalid("clientSecret", "is required");
    values = { issuer: input.issuer, clientId: input.clientId, clientSecretSealed: seal(input.clientSecret) };
  } else {
    values = await samlColumns(input);
  }
  const [conn] = await tx
    .insert(ssoConnections)
    .values({ organizationId, protocol: input.protocol, ...commonColumns(input), ...values })
    .returning();
  const view = publicConnection(conn!);
  await recordChange(tx, ctx, {
    action: "security.sso_connection.created",
    target: { type: "sso_connection", id: conn!.id },
    changes: { ...view, clientSecret: input.protocol === "oidc" ? "(set)" : undefined },
    event: { type: "security.sso_connection.created", data: { connection: view } },
  });
  return conn!;
}

/**
 * While SSO is enforced the organization keeps at least one enabled connection: the last one
 * can be neither turned off nor deleted (that would leave its members only recovery codes).
 */
async function assertNotLastEnforcedConnection(tx: Queryable, organizationId: string, id: string, doing: string) {
  const [policy] = await tx.select({ enforced: securityPolicies.ssoEnforced }).from(securityPolicies).where(eq(securityPolicies.organizationId, organizationId));
  if (!policy?.enforced) return;
  const others = await tx
    .select({ id: ssoConnections.id })
    .from(ssoConnections)
    .where(and(eq(ssoConnections.organizationId, organizationId), eq(ssoConnections.enabled, true), ne(ssoConnections.id, id)));
  if (others.length > 0) return;
  throw new AppError("CONFLICT", `Single sign-on is enforced and this is its only enabled connection, so it cannot be ${doing}. Stop enforcing SSO under Domains first, or add and test another connection.`);
}

export async function updateConnection(tx: Queryable, ctx: RequestContext, id: string, input: ConnectionInput): Promise<SsoConnection> {
  const organizationId = ctx.principal.organizationId;
  await requireSsoPlan(tx, organizationId);
  const current = await getConnection(tx, organizationId, id);
  if (current.enabled && input.enabled === false) await assertNotLastEnforcedConnection(tx, organizationId, id, "turned off");
  if (current.protocol !== input.protocol) throw invalid("protocol", "cannot change; create a new connection instead");
  let values: Partial<SsoConnection> = commonColumns(input);
  let secretChanged = false;
  if (input.protocol === "oidc") {
    values = { ...values, issuer: input.issuer, clientId: input.clientId };
    if (input.clientSecret) {
      values.clientSecretSealed = seal(input.clientSecret);
      secretChanged = true;
    }
  } else {
    values = { ...values, ...(await samlColumns(input, current)) };
  }
  const next = { ...current, ...values };
  await assertMayConfigureRoles(tx, ctx, next, connectionFingerprint(next) === connectionFingerprint(current) ? current : undefined);
  const { clientSecretSealed: _sealed, idpMetadataXml: _xml, ...visible } = values;
  const changes: Record<string, unknown> = diff(current as Record<string, unknown>, visible as Record<string, unknown>);
  if (values.idpMetadataXml !== undefined && values.idpMetadataXml !== current.idpMetadataXml) changes.idpMetadataXml = "(changed)";
  if (secretChanged) changes.clientSecret = "(changed)";
  if (Object.keys(changes).length === 0) return current;
  const [conn] = await tx
    .update(ssoConnections)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(ssoConnections.id, id), eq(ssoConnections.organizationId, organizationId)))
    .returning();
  await recordChange(tx, ctx, {
    action: "security.sso_connection.updated",
    target: { type: "sso_connection", id },
    changes,
    event: { type: "security.sso_connection.updated", data: { connection: publicConnection(conn!), changes } },
  });
  return conn!;
}

/** Admin API PATCH: the given fields over the current ones, validated as a whole. */
export async function patchConnection(tx: Queryable, ctx: RequestContext, id: string, patch: z.infer<typeof patchConnectionInput>): Promise<SsoConnection> {
  const current = await getConnection(tx, ctx.principal.organizationId, id);
  const merged = {
    protocol: current.protocol,
    name: current.name,
    defaultRole: current.defaultRole,
    groupsClaim: current.groupsClaim,
    groupRoleMapping: current.groupRoleMapping,
    enabled: current.enabled,
    ...(current.protocol === "oidc" ? { issuer: current.issuer, clientId: current.clientId } : { metadataUrl: current.idpMetadataUrl }),
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
  };
  const parsed = connectionInput.safeParse(merged);
  if (!parsed.success) throw fromZodIssues(parsed.error.issues);
  return updateConnection(tx, ctx, id, parsed.data);
}

export async function deleteConnection(tx: Queryable, ctx: RequestContext, id: string): Promise<void> {
  const organizationId = ctx.principal.organizationId;
  const current = await getConnection(tx, organizationId, id);
  if (current.enabled) await assertNotLastEnforcedConnection(tx, organizationId, id, "deleted");
  await tx.delete(ssoConnections).where(and(eq(ssoConnections.id, id), eq(ssoConnections.organizationId, organizationId)));
  const view = publicConnection(current);
  await recordChange(tx, ctx, {
    action: "security.sso_connection.deleted",
    target: { type: "sso_connection", id },
    changes: view,
    event: { type: "security.sso_connection.deleted", data: { connection: view } },
  });
}
