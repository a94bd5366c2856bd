import { asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { getDb } from "@/db/client";
import { models, organizations, type Model } from "@/db/schema";
import { diff, recordChange } from "@/lib/audit/record";
import { announceKeyChange } from "@/lib/keys/invalidation";
import type { RequestContext } from "@/lib/core/context";
import { AppError, toAppError } from "@/lib/core/errors";
import { processSingleton } from "@/lib/core/singleton";
import { DEFAULT_MODELS } from "./catalog";
import { matchesList, unknownEntries } from "./match";
import { seedModelPrices } from "./prices";

/** Seeds the default catalog (existing models keep their, possibly edited, prices) and its price history. */
export async function seedModels(db: Queryable) {
  await db.insert(models).values([...DEFAULT_MODELS]).onConflictDoNothing();
  await seedModelPrices(db);
}

export async function listModels(db: Queryable): Promise<Model[]> {
  return db.select().from(models).orderBy(asc(models.provider), asc(models.id));
}

/** The catalog's ids, cached in process for verification (refreshed each minute). */
const catalogCache = () => processSingleton("modelCatalog", () => ({ ids: new Set<string>(), loadedAt: 0 }));
const CATALOG_TTL_MS = 60_000;

/**
 * Pass the transaction when inside one: PGlite has a single connection, so a query on the
 * global db while a transaction is open would wait for it forever.
 */
export async function catalogIds(db?: Queryable, now = Date.now()): Promise<ReadonlySet<string>> {
  const cache = catalogCache();
  if (now - cache.loadedAt > CATALOG_TTL_MS) {
    const rows = await listModels(db ?? (await getDb())).catch((error: unknown) => {
      // while the database is unreachable, warm verifications go on with the last catalog
      if (cache.loadedAt && toAppError(error)?.code === "SERVICE_UNAVAILABLE") return null;
      throw error;
    });
    if (rows) {
      cache.ids = new Set(rows.filter((m) => m.active).map((m) => m.id));
      cache.loadedAt = now;
    }
  }
  return cache.ids;
}

export function modelView(m: Model, orgAllowlist: readonly string[]) {
  return {
    id: m.id,
    provider: m.provider,
    displayName: m.displayName,
    inputPriceMicros: m.inputPriceMicros,
    outputPriceMicros: m.outputPriceMicros,
    allowed: m.active && matchesList(m.id, orgAllowlist),
  };
}

async function orgAllowlist(db: Queryable, organizationId: string) {
  const [org] = await db.select({ allowed: organizations.allowedModels }).from(organizations).where(eq(organizations.id, organizationId));
  return org?.allowed ?? [];
}

/** The catalog as the organization sees it: `allowed` by its allowlist. */
export async function modelCatalogFor(db: Queryable, organizationId: string) {
  const allowed = await orgAllowlist(db, organizationId);
  return (await listModels(db)).map((m) => modelView(m, allowed));
}

/** Entries must each match at least one catalog model (catches typos such as "open-ai/*"). */
export async function assertKnownModels(db: Queryable, entries: string[], path: string, within?: string[]) {
  const ids = within ?? [...(await catalogIds(db))];
  const bad = unknownEntries(entries, ids);
  if (bad.length > 0) {
    throw new AppError("INVALID_REQUEST", `${path}: ${bad.join(", ")} match no model${within ? " the organization allows" : " of the catalog"}.`, {
      fieldErrors: bad.map((b) => ({ path: `${path}.${entries.indexOf(b)}`, message: `"${b}" matches no ${within ? "allowed " : ""}model` })),
    });
  }
}

/** The organization's model allowlist (empty: every catalog model). */
export async function updateOrganizationModels(tx: Queryable, ctx: RequestContext, allowedModels: string[]) {
  const organizationId = ctx.principal.organizationId;
  await assertKnownModels(tx, allowedModels, "allowedModels");
  const before = await orgAllowlist(tx, organizationId);
  const changes = diff({ allowedModels: before }, { allowedModels });
  if (Object.keys(changes).length === 0) return allowedModels;
  await tx.update(organizations).set({ allowedModels }).where(eq(organizations.id, organizationId));
  await announceKeyChange(tx, ctx, { kind: "organization", id: organizationId });
  await recordChange(tx, ctx, {
    action: "models.allowlist_updated",
    target: { type: "organization", id: organizationId },
    changes,
  });
  return allowedModels;
}
