import { count, eq } from "drizzle-orm";
import type { z } from "zod";
import { POST as verifyRoute } from "@/app/api/v1/keys/verify/route";
import { getDb, type Queryable } from "@/db/client";
import { apiKeys, apiKeySecrets, keyPolicies } from "@/db/schema";
import { createKeyInput } from "@/lib/keys/schemas";
import { createKey } from "@/lib/keys/service";
import { flushAfterCommit, type RequestContext } from "@/lib/core/context";
import { apiRequest, call, orgState, unique, type HeaderMap, type OrgFixture } from "./factories";

// Factories and helpers for team API keys and their verification.

/** The platform's credential (PLATFORM_TOKENS in vitest.config.ts). */
export const PLATFORM: HeaderMap = { authorization: "Bearer test-platform-token-1" };

type KeyInput = Partial<z.infer<typeof createKeyInput>>;

/**
 * Runs `fn` in one transaction as `ctx` (the fixture's owner unless given), then the
 * after-commit work (cache invalidation), the way the route and action wrappers do.
 */
export async function inTransaction<T>(fx: OrgFixture, fn: (tx: Queryable, ctx: RequestContext) => Promise<T>, ctx = fx.ctx): Promise<T> {
  const db = await getDb();
  const withQueue: RequestContext = { ...ctx, afterCommit: [] };
  const result = await db.transaction((tx) => fn(tx, withQueue));
  flushAfterCommit(withQueue);
  return result;
}

/**
 * A team key of the project (development unless given), its input parsed by the API's schema
 * (CIDRs normalized) and created through the real service; answers `{ key, secret }`.
 */
export function createTeamKey(fx: OrgFixture, projectId: string, input: KeyInput = {}, ctx = fx.ctx) {
  const parsed = createKeyInput.parse({ name: unique("team key"), environment: "development", ...input });
  return inTransaction(fx, (tx, c) => createKey(tx, c, projectId, parsed), ctx);
}

/** POST /keys/verify through the route handler, as the platform calls it. */
export function verifyThroughRoute(body: unknown, headers: HeaderMap = PLATFORM) {
  return call(verifyRoute, apiRequest("POST", "/keys/verify", { headers, body }));
}

/** Sets the organization's key policy directly (its route arrives with the security issue). */
export async function setKeyPolicy(organizationId: string, policy: Partial<typeof keyPolicies.$inferInsert>) {
  const db = await getDb();
  await db.insert(keyPolicies).values({ organizationId, ...policy }).onConflictDoUpdate({ target: keyPolicies.organizationId, set: policy });
}

/** orgState plus the organization's team keys and secrets: what a refused request must not change. */
export async function keyState(organizationId: string) {
  const db = await getDb();
  const keys = await db
    .select({ id: apiKeys.id, name: apiKeys.name, last4: apiKeys.last4, revokedAt: apiKeys.revokedAt, expiresAt: apiKeys.expiresAt, ipAllowlist: apiKeys.ipAllowlist })
    .from(apiKeys)
    .where(eq(apiKeys.organizationId, organizationId))
    .orderBy(apiKeys.id);
  const [secrets] = await db
    .select({ n: count() })
    .from(apiKeySecrets)
    .innerJoin(apiKeys, eq(apiKeys.id, apiKeySecrets.keyId))
    .where(eq(apiKeys.organizationId, organizationId));
  return { ...(await orgState(organizationId)), keys, secrets: secrets!.n };
}

/** Waits, when needed, so the next few calls (a second or two) fall inside one UTC minute. */
export async function awayFromMinuteEdge() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 3000) await new Promise((r) => setTimeout(r, left + 50));
}

/** A secret with the team prefix and length whose checksum does not match. */
export function withBadChecksum(secret: string): string {
  const last = secret.at(-1)!;
  return secret.slice(0, -1) + (last === "a" ? "b" : "a");
}
