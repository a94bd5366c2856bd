import { and, asc, eq, gt, isNull, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "@/db/client";
import { apiKeys, apiKeySecrets, environments, memberships, organizations, projectMembers, serviceAccounts, users, type ApiKey } from "@/db/schema";
import { diff, recordChange } from "@/lib/audit/record";
import { effectiveModels, refusingLevel } from "@/lib/models/match";
import { assertKnownModels, catalogIds } from "@/lib/models/service";
import { loadProject } from "@/lib/projects/service";
import { holdsOrgWideSql, type Target } from "@/lib/rbac";
import { afterCommit, type RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { generateSecret, hashSecret, visibleParts } from "./format";
import { announceKeyChange } from "./invalidation";
import { keyFilter } from "./key-filter";
import { enforceKeyPolicy, getKeyPolicy } from "./policy";
import type { createKeyInput, listKeysQuery, updateKeyInput } from "./schemas";
import { loadServiceAccount } from "./service-accounts";

type KeyRow = { key: ApiKey; environment: string; ownerName: string | null; ownerLostAccess: boolean };

export function keyStatus(k: ApiKey, now = Date.now()) {
  if (k.revokedAt) return "revoked" as const;
  if (k.expiresAt && k.expiresAt.getTime() <= now) return "expired" as const;
  return "active" as const;
}

export function keyView(row: KeyRow, effective: string[] | null) {
  const k = row.key;
  return {
    id: k.id,
    name: k.name,
    projectId: k.projectId,
    environment: row.environment,
    owner: k.ownerServiceAccountId
      ? { type: "service_account" as const, id: k.ownerServiceAccountId, name: row.ownerName }
      : k.ownerUserId
        ? { type: "user" as const, id: k.ownerUserId, name: row.ownerName, lostAccess: row.ownerLostAccess }
        : null,
    start: k.start,
    last4: k.last4,
    status: keyStatus(k),
    allowedRoutes: k.allowedRoutes,
    allowedModels: k.allowedModels,
    effectiveModels: effective,
    ipAllowlist: k.ipAllowlist,
    rateLimitPerMinute: k.rateLimitPerMinute,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: k.lastUsedIp,
    createdAt: k.createdAt.toISOString(),
    updatedAt: k.updatedAt.toISOString(),
  };
}
export type KeyView = ReturnType<typeof keyView>;

const ownerName = sql<string | null>`coalesce(${serviceAccounts.name}, ${users.email})`;

/** A member owner who left the organization, or no longer reaches the key's project (flagged, not revoked). */
const ownerLostAccess = sql<boolean>`(${apiKeys.ownerUserId} is not null and not exists (
  select 1 from ${memberships} m where m.organization_id = ${apiKeys.organizationId} and m.user_id = ${apiKeys.ownerUserId}
  and (${holdsOrgWideSql("m", "project.read")} or exists (
    select 1 from ${projectMembers} pm where pm.project_id = ${apiKeys.projectId} and pm.user_id = ${apiKeys.ownerUserId}))))`;

function selectKeys(db: Queryable) {
  return db
    .select({ key: apiKeys, environment: environments.name, ownerName, ownerLostAccess })
    .from(apiKeys)
    .innerJoin(environments, eq(environments.id, apiKeys.environmentId))
    .leftJoin(users, eq(users.id, apiKeys.ownerUserId))
    .leftJoin(serviceAccounts, eq(serviceAccounts.id, apiKeys.ownerServiceAccountId));
}

async function modelLevels(db: Queryable, organizationId: string, projectAllowed: string[]) {
  const [org] = await db.select({ allowed: organizations.allowedModels }).from(organizations).where(eq(organizations.id, organizationId));
  return { organization: org?.allowed ?? [], project: projectAllowed };
}

async function views(db: Queryable, rows: KeyRow[]) {
  if (rows.length === 0) return [];
  const catalog = [...(await catalogIds(db))];
  const project = await loadProject(db, rows[0]!.key.organizationId, rows[0]!.key.projectId);
  const levels = await modelLevels(db, project.organizationId, project.allowedModels);
  return rows.map((r) => keyView(r, effectiveModels(catalog, { ...levels, key: r.key.allowedModels })));
}

/** A key of the caller's organization, or NOT_FOUND (also for other organizations'). */
export async function loadKey(db: Queryable, organizationId: string, keyId: string): Promise<KeyRow> {
  const [row] = await selectKeys(db).where(and(eq(apiKeys.id, keyId), eq(apiKeys.organizationId, organizationId)));
  if (!row) throw new AppError("NOT_FOUND", "Key was not found.");
  return row;
}

export async function keyTarget({ db, ctx, params }: { db: Queryable; ctx: RequestContext; params: { keyId: string } }): Promise<Target> {
  const { key } = await loadKey(db, ctx.principal.organizationId, params.keyId);
  return { kind: "key", projectId: key.projectId, ownerUserId: key.ownerUserId };
}

export async function getKey(db: Queryable, ctx: RequestContext, keyId: string) {
  return (await views(db, [await loadKey(db, ctx.principal.organizationId, keyId)]))[0]!;
}

/** Model entries of a key must name models that its organization and project allow. */
async function checkModelSubset(db: Queryable, organizationId: string, projectAllowed: string[], entries: string[]) {
  const catalog = [...(await catalogIds(db))];
  const levels = await modelLevels(db, organizationId, projectAllowed);
  const allowed = catalog.filter((id) => refusingLevel(id, { ...levels, key: [] }) === null);
  await assertKnownModels(db, entries, "allowedModels", allowed);
}

/** Stores a new secret; once committed, this node's filter of known hashes has it too. */
async function addSecret(tx: Queryable, ctx: RequestContext, keyId: string, secret: string) {
  const secretHash = hashSecret(secret);
  await tx.insert(apiKeySecrets).values({ secretHash, keyId });
  afterCommit(ctx, () => keyFilter().add(secretHash));
}

export async function createKey(tx: Queryable, ctx: RequestContext, projectId: string, input: z.infer<typeof createKeyInput>) {
  const project = await loadProject(tx, ctx.principal.organizationId, projectId);
  if (project.archivedAt) throw new AppError("CONFLICT", "This project is archived and read-only. Restore it first.");
  const [env] = await tx
    .select()
    .from(environments)
    .where(and(eq(environments.projectId, project.id), eq(environments.name, input.environment)));
  if (!env) {
    throw new AppError("INVALID_REQUEST", `environment: the project has no environment "${input.environment}".`, {
      fieldErrors: [{ path: "environment", message: "is not an environment of this project" }],
    });
  }
  const actor = ctx.principal.actor;
  let ownerUserId: string | null = null;
  let ownerServiceAccountId: string | null = null;
  if (input.serviceAccountId) {
    const sa = await loadServiceAccount(tx, project.id, input.serviceAccountId);
    if (!sa) {
      throw new AppError("INVALID_REQUEST", "serviceAccountId: no such service account in this project.", {
        fieldErrors: [{ path: "serviceAccountId", message: "is not a service account of this project" }],
      });
    }
    ownerServiceAccountId = sa.id;
  } else if (actor.type === "user") {
    ownerUserId = actor.userId;
  } else {
    throw new AppError("INVALID_REQUEST", "serviceAccountId: a key created with an admin key must be owned by a service account.", {
      fieldErrors: [{ path: "serviceAccountId", message: "is required when an admin key creates a key" }],
    });
  }
  // Developers may create only keys they own: the wrappers checked key.create on newKeyTarget().
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  const ipAllowlist = input.ipAllowlist ?? [];
  enforceKeyPolicy(await getKeyPolicy(tx, project.organizationId), ctx, {
    environment: env.name, expiresAt, ipAllowlist, projectId: project.id, creating: true,
  });
  if (input.allowedModels?.length) await checkModelSubset(tx, project.organizationId, project.allowedModels, input.allowedModels);

  const secret = generateSecret("team");
  const [key] = await tx
    .insert(apiKeys)
    .values({
      organizationId: project.organizationId,
      projectId: project.id,
      environmentId: env.id,
      name: input.name,
      ownerUserId,
      ownerServiceAccountId,
      ...visibleParts(secret, "team"),
      allowedRoutes: input.allowedRoutes ?? [],
      allowedModels: input.allowedModels ?? [],
      ipAllowlist,
      rateLimitPerMinute: input.rateLimitPerMinute ?? null,
      expiresAt,
      createdById: actor.type === "user" ? actor.userId : null,
    })
    .returning();
  await addSecret(tx, ctx, key!.id, secret);
  await announceKeyChange(tx, ctx, { kind: "key", id: key!.id });
  const view = await getKey(tx, ctx, key!.id);
  await recordChange(tx, ctx, {
    action: "key.created",
    target: { type: "api_key", id: key!.id },
    changes: { name: view.name, environment: view.environment, owner: view.owner, allowedModels: view.allowedModels, allowedRoutes: view.allowedRoutes, ipAllowlist: view.ipAllowlist, expiresAt: view.expiresAt, rateLimitPerMinute: view.rateLimitPerMinute },
    event: { type: "key.created", data: { key: view } },
  });
  return { key: view, secret };
}

function assertUsable(k: ApiKey, project: { archivedAt: Date | null }) {
  if (k.revokedAt) throw new AppError("CONFLICT", "This key is revoked; revoked keys cannot be changed or rotated.");
  if (project.archivedAt) throw new AppError("CONFLICT", "This key's project is archived and read-only. Restore it first.");
}

export async function updateKey(tx: Queryable, ctx: RequestContext, keyId: string, input: z.infer<typeof updateKeyInput>) {
  const before = await loadKey(tx, ctx.principal.organizationId, keyId);
  const project = await loadProject(tx, ctx.principal.organizationId, before.key.projectId);
  assertUsable(before.key, project);
  const fields = {
    ...input,
    expiresAt: input.expiresAt === undefined ? undefined : input.expiresAt ? new Date(input.expiresAt) : null,
  };
  const next = { ...before.key, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) } as ApiKey;
  enforceKeyPolicy(await getKeyPolicy(tx, project.organizationId), ctx, {
    environment: before.environment, expiresAt: next.expiresAt, ipAllowlist: next.ipAllowlist, projectId: project.id, creating: false,
    createdAt: input.expiresAt === undefined ? undefined : before.key.createdAt,
  });
  if (input.allowedModels?.length) await checkModelSubset(tx, project.organizationId, project.allowedModels, input.allowedModels);
  const changes = diff(before.key as unknown as Record<string, unknown>, fields);
  if (Object.keys(changes).length === 0) return getKey(tx, ctx, keyId);
  await tx.update(apiKeys).set(fields).where(eq(apiKeys.id, keyId));
  await announceKeyChange(tx, ctx, { kind: "key", id: keyId });
  const view = await getKey(tx, ctx, keyId);
  await recordChange(tx, ctx, {
    action: "key.updated",
    target: { type: "api_key", id: keyId },
    changes,
    event: { type: "key.updated", data: { key: view, changes } },
  });
  return view;
}

export async function rotateKey(tx: Queryable, ctx: RequestContext, keyId: string, gracePeriodSeconds: number) {
  const before = await loadKey(tx, ctx.principal.organizationId, keyId);
  const project = await loadProject(tx, ctx.principal.organizationId, before.key.projectId);
  assertUsable(before.key, project);
  const graceEnd = new Date(Date.now() + gracePeriodSeconds * 1000);
  // Every older secret stops at the end of this grace period at the latest.
  await tx
    .update(apiKeySecrets)
    .set({ current: false, expiresAt: sql`least(coalesce(${apiKeySecrets.expiresAt}, ${graceEnd.toISOString()}::timestamptz), ${graceEnd.toISOString()}::timestamptz)` })
    .where(eq(apiKeySecrets.keyId, keyId));
  const secret = generateSecret("team");
  await addSecret(tx, ctx, keyId, secret);
  await tx.update(apiKeys).set(visibleParts(secret, "team")).where(eq(apiKeys.id, keyId));
  await announceKeyChange(tx, ctx, { kind: "key", id: keyId });
  const view = await getKey(tx, ctx, keyId);
  await recordChange(tx, ctx, {
    action: "key.rotated",
    target: { type: "api_key", id: keyId },
    changes: { last4: { from: before.key.last4, to: view.last4 }, previousSecretValidUntil: graceEnd.toISOString() },
    event: { type: "key.rotated", data: { key: view, previousSecretValidUntil: graceEnd.toISOString() } },
  });
  return { key: view, secret };
}

export async function revokeKey(tx: Queryable, ctx: RequestContext, keyId: string, reason?: string) {
  const before = await loadKey(tx, ctx.principal.organizationId, keyId);
  const alreadyRevoked = () => new AppError("CONFLICT", "This key is already revoked.");
  if (before.key.revokedAt) throw alreadyRevoked();
  // Conditional, so of two concurrent revocations exactly one wins (one audit entry, one event).
  const revoked = await tx
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (revoked.length === 0) throw alreadyRevoked();
  await announceKeyChange(tx, ctx, { kind: "key", id: keyId });
  const view = await getKey(tx, ctx, keyId);
  await recordChange(tx, ctx, {
    action: "key.revoked",
    target: { type: "api_key", id: keyId },
    changes: { revokedAt: view.revokedAt, ...(reason ? { reason } : {}) },
    event: { type: "key.revoked", data: { key: view } },
  });
  return view;
}

export async function listKeys(db: Queryable, ctx: RequestContext, projectId: string, query: z.infer<typeof listKeysQuery>) {
  const project = await loadProject(db, ctx.principal.organizationId, projectId);
  const now = new Date();
  const where: (SQL | undefined)[] = [eq(apiKeys.projectId, project.id)];
  if (query.cursor) where.push(gt(apiKeys.id, query.cursor));
  if (query.environment) where.push(eq(environments.name, query.environment));
  if (query.status === "revoked") where.push(sql`${apiKeys.revokedAt} is not null`);
  if (query.status === "expired") where.push(and(isNull(apiKeys.revokedAt), sql`${apiKeys.expiresAt} <= ${now.toISOString()}::timestamptz`));
  if (query.status === "active") where.push(and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now))));
  const rows = await selectKeys(db).where(and(...where)).orderBy(asc(apiKeys.id)).limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { data: await views(db, page), nextCursor: rows.length > query.limit ? page[page.length - 1]!.key.id : null };
}

/** Hands a key to a service account of its project (a leaving member's keys): `key.updated`. */
export async function transferKey(tx: Queryable, ctx: RequestContext, keyId: string, serviceAccountId: string) {
  const before = await getKey(tx, ctx, keyId);
  const sa = await loadServiceAccount(tx, before.projectId, serviceAccountId);
  if (!sa) throw new AppError("NOT_FOUND", "Service account was not found in the key's project.");
  await tx.update(apiKeys).set({ ownerUserId: null, ownerServiceAccountId: sa.id }).where(eq(apiKeys.id, keyId));
  await announceKeyChange(tx, ctx, { kind: "key", id: keyId });
  const view = await getKey(tx, ctx, keyId);
  const changes = { owner: { from: before.owner, to: view.owner } };
  await recordChange(tx, ctx, {
    action: "key.updated",
    target: { type: "api_key", id: keyId },
    changes,
    event: { type: "key.updated", data: { key: view, changes } },
  });
  return view;
}
