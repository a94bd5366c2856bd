import { eq, inArray } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import type { Queryable } from "@/db/client";
import { apiKeys, environments } from "@/db/schema";
import { processSingleton } from "@/lib/core/singleton";

/** Where a key's usage is counted. A key never changes organization, project or environment. */
export type KeyScope = { organizationId: string; projectId: string; environment: string };

// Cached per process by key id, so a steady stream of usage needs no key lookup. Unknown ids
// are not cached (a key created a moment ago must count); entries expire so a deleted key
// stops counting within the TTL.
const scopes = () => processSingleton("usageKeyScopes", () => new LRUCache<string, KeyScope>({ max: 200_000, ttl: 10 * 60_000 }));

/** The scopes of the given key ids that exist (one query for those not cached). */
export async function keyScopes(db: Queryable, keyIds: string[]): Promise<Map<string, KeyScope>> {
  const cache = scopes();
  const found = new Map<string, KeyScope>();
  const missing: string[] = [];
  for (const id of new Set(keyIds)) {
    const hit = cache.get(id);
    if (hit) found.set(id, hit);
    else missing.push(id);
  }
  if (missing.length > 0) {
    const rows = await db
      .select({ id: apiKeys.id, organizationId: apiKeys.organizationId, projectId: apiKeys.projectId, environment: environments.name })
      .from(apiKeys)
      .innerJoin(environments, eq(environments.id, apiKeys.environmentId))
      .where(inArray(apiKeys.id, missing));
    for (const { id, ...scope } of rows) {
      cache.set(id, scope);
      found.set(id, scope);
    }
  }
  return found;
}
