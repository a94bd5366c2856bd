import { and, eq, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiKeys, apiKeySecrets, environments, organizations, projects } from "@/db/schema";
import { chainFromJson, chainSql, type Chain } from "@/lib/limits/rules";
import type { AllowLevels } from "@/lib/models/match";
import { parseRange, type IpRange } from "./ip";

/** What verification needs to know about one secret, loaded in one query and cached. */
export type KeyRecord = {
  keyId: string;
  name: string;
  organizationId: string;
  projectId: string;
  environment: string;
  owner: { type: "user" | "service_account"; id: string } | null;
  /** end of the grace period of a rotated secret (ms), null for the current secret */
  secretExpiresAt: number | null;
  revokedAt: number | null;
  expiresAt: number | null;
  projectArchived: boolean;
  ipAllowlist: string[];
  ipRanges: IpRange[];
  allowedRoutes: string[];
  models: AllowLevels;
  rateLimitPerMinute: number | null;
  /** the budgets and rate limits of the key, its project and its organization */
  limits: Chain;
};

const ms = (d: Date | null) => (d ? d.getTime() : null);

export const loadKeyRecord = (db: Queryable, secretHash: string) => loadRecordWhere(db, eq(apiKeySecrets.secretHash, secretHash));

/** The record of a key's current secret, by key id (for the access explainer). */
export const loadCurrentKeyRecord = (db: Queryable, keyId: string) =>
  loadRecordWhere(db, and(eq(apiKeySecrets.keyId, keyId), eq(apiKeySecrets.current, true))!);

async function loadRecordWhere(db: Queryable, where: SQL): Promise<KeyRecord | null> {
  const [row] = await db
    .select({
      secretExpiresAt: apiKeySecrets.expiresAt,
      key: apiKeys,
      projectArchivedAt: projects.archivedAt,
      projectModels: projects.allowedModels,
      orgModels: organizations.allowedModels,
      environment: environments.name,
      limitBudgets: chainSql("limit_budgets", apiKeys.organizationId, apiKeys.projectId, apiKeys.id),
      limitRates: chainSql("limit_rates", apiKeys.organizationId, apiKeys.projectId, apiKeys.id),
    })
    .from(apiKeySecrets)
    .innerJoin(apiKeys, eq(apiKeys.id, apiKeySecrets.keyId))
    .innerJoin(projects, eq(projects.id, apiKeys.projectId))
    .innerJoin(organizations, eq(organizations.id, apiKeys.organizationId))
    .innerJoin(environments, eq(environments.id, apiKeys.environmentId))
    .where(where)
    .limit(1);
  if (!row) return null;
  const k = row.key;
  const limits = chainFromJson(row.limitBudgets, row.limitRates);
  return {
    keyId: k.id,
    name: k.name,
    organizationId: k.organizationId,
    projectId: k.projectId,
    environment: row.environment,
    owner: k.ownerServiceAccountId
      ? { type: "service_account", id: k.ownerServiceAccountId }
      : k.ownerUserId
        ? { type: "user", id: k.ownerUserId }
        : null,
    secretExpiresAt: ms(row.secretExpiresAt),
    revokedAt: ms(k.revokedAt),
    expiresAt: ms(k.expiresAt),
    projectArchived: row.projectArchivedAt !== null,
    ipAllowlist: k.ipAllowlist,
    ipRanges: k.ipAllowlist.map(parseRange).filter((r): r is IpRange => r !== null),
    allowedRoutes: k.allowedRoutes,
    models: { organization: row.orgModels, project: row.projectModels, key: k.allowedModels },
    rateLimitPerMinute: k.rateLimitPerMinute,
    limits,
  };
}
