import { and, asc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "@/db/client";
import { apiKeys, projects, serviceAccounts } from "@/db/schema";
import { loadServiceAccount } from "@/lib/keys/service-accounts";
import { revokeKey, transferKey } from "@/lib/keys/service";
import { mayManageOthersKeys } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import type { keysChoice } from "./schemas";

export type OwnedKeys = { projectId: string; projectName: string; keyIds: string[] };

/**
 * Keys owned by members in the organization that are not revoked (working, or expired and
 * renewable), by owner and project; one owner when `userId` is given.
 */
async function ownedKeys(db: Queryable, organizationId: string, userId?: string) {
  const rows = await db
    .select({ id: apiKeys.id, ownerUserId: apiKeys.ownerUserId, projectId: projects.id, projectName: projects.name })
    .from(apiKeys)
    .innerJoin(projects, eq(projects.id, apiKeys.projectId))
    .where(
      and(
        eq(apiKeys.organizationId, organizationId),
        userId ? eq(apiKeys.ownerUserId, userId) : isNotNull(apiKeys.ownerUserId),
        isNull(apiKeys.revokedAt),
      ),
    )
    .orderBy(asc(projects.name), asc(apiKeys.id));
  const byOwner = new Map<string, Map<string, OwnedKeys>>();
  for (const r of rows) {
    const projectsOf = byOwner.get(r.ownerUserId!) ?? new Map<string, OwnedKeys>();
    const group = projectsOf.get(r.projectId) ?? { projectId: r.projectId, projectName: r.projectName, keyIds: [] };
    group.keyIds.push(r.id);
    projectsOf.set(r.projectId, group);
    byOwner.set(r.ownerUserId!, projectsOf);
  }
  return new Map([...byOwner].map(([owner, groups]) => [owner, [...groups.values()]]));
}

export async function keysOwnedBy(db: Queryable, organizationId: string, userId: string): Promise<OwnedKeys[]> {
  return (await ownedKeys(db, organizationId, userId)).get(userId) ?? [];
}

export type KeyChoice = { projectId: string; projectName: string; keys: number; serviceAccounts: { id: string; name: string }[] };

/** For the console's removal dialogs: per member, where they own keys and the service accounts there. */
export async function keyChoices(db: Queryable, organizationId: string, userId?: string): Promise<Record<string, KeyChoice[]>> {
  const owned = await ownedKeys(db, organizationId, userId);
  const projectIds = [...new Set([...owned.values()].flatMap((groups) => groups.map((g) => g.projectId)))];
  const accounts = projectIds.length
    ? await db
        .select({ id: serviceAccounts.id, name: serviceAccounts.name, projectId: serviceAccounts.projectId })
        .from(serviceAccounts)
        .where(inArray(serviceAccounts.projectId, projectIds))
        .orderBy(asc(serviceAccounts.name))
    : [];
  return Object.fromEntries(
    [...owned].map(([owner, groups]) => [
      owner,
      groups.map((g) => ({
        projectId: g.projectId,
        projectName: g.projectName,
        keys: g.keyIds.length,
        serviceAccounts: accounts.filter((a) => a.projectId === g.projectId).map(({ id, name }) => ({ id, name })),
      })),
    ]),
  );
}

const invalid = (path: string, message: string, summary: string) =>
  new AppError("INVALID_REQUEST", summary, { fieldErrors: [{ path, message }] });

const plural = (n: number) => `${n} key${n === 1 ? "" : "s"}`;

/**
 * A leaving member's keys: each revoked through the keys service (verification refuses it at
 * once, `key.revoked`), or handed to the chosen service account of its project (`key.updated`).
 * Every project where they own keys must be covered, so no working key is left without an owner.
 */
export async function settleMemberKeys(tx: Queryable, ctx: RequestContext, userId: string, choice: z.infer<typeof keysChoice>) {
  const owned = await keysOwnedBy(tx, ctx.principal.organizationId, userId);
  const total = owned.reduce((n, g) => n + g.keyIds.length, 0);
  if (total === 0) return { revoked: 0, transferred: 0 };
  if (!choice.keysAction) {
    const where = owned.map((g) => g.projectName).join(", ");
    throw invalid("keysAction", "is required: choose revoke or transfer", `The member owns ${plural(total)} (in ${where}): choose to revoke them or hand them to service accounts.`);
  }
  if (choice.keysAction === "revoke") {
    for (const g of owned) for (const id of g.keyIds) await revokeKey(tx, ctx, id, "owner left the organization");
    return { revoked: total, transferred: 0 };
  }
  const targets = new Map<string, string>();
  for (const g of owned) {
    const path = `serviceAccountIds.${g.projectId}`;
    const saId = choice.serviceAccountIds?.[g.projectId];
    if (!saId) throw invalid(path, `is required: ${plural(g.keyIds.length)} in ${g.projectName}`, `Choose a service account of ${g.projectName} for the ${plural(g.keyIds.length)} there.`);
    if (!(await loadServiceAccount(tx, g.projectId, saId))) throw invalid(path, `is not a service account of ${g.projectName}`, `The service account chosen for ${g.projectName} is not one of its own.`);
    // Handing keys on keeps them working: only someone who manages others' keys there may.
    if (!mayManageOthersKeys(ctx.principal, g.projectId)) {
      throw new AppError("FORBIDDEN", `Your role cannot hand keys of ${g.projectName} to a service account; choose revoke.`);
    }
    targets.set(g.projectId, saId);
  }
  for (const g of owned) for (const id of g.keyIds) await transferKey(tx, ctx, id, targets.get(g.projectId)!);
  return { revoked: 0, transferred: total };
}
