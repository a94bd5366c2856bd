import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { afterCommit, type RequestContext } from "@/lib/server/context";
import { keyCache } from "./cache";

// A change that verification must see: on this node right after commit, on other nodes
// through PostgreSQL LISTEN/NOTIFY (the notification is sent at commit, or not at all).
export type KeyChange =
  | { kind: "key"; id: string }
  | { kind: "project"; id: string }
  | { kind: "organization"; id: string };

export const KEY_CHANGES_CHANNEL = "anyint_key_changes";

export function applyKeyChange(change: KeyChange): void {
  const cache = keyCache();
  if (change.kind === "key") cache.invalidateKey(change.id);
  else if (change.kind === "project") cache.invalidateWhere((r) => r.projectId === change.id);
  else cache.invalidateWhere((r) => r.organizationId === change.id);
}

export async function announceKeyChange(tx: Queryable, ctx: RequestContext, change: KeyChange): Promise<void> {
  await notifyKeyChange(tx, change);
  afterCommit(ctx, () => applyKeyChange(change));
}

/** Tells other nodes at commit; the caller applies the change on this node once committed. */
export async function notifyKeyChange(tx: Queryable, change: KeyChange): Promise<void> {
  await tx.execute(sql`select pg_notify(${KEY_CHANGES_CHANNEL}, ${JSON.stringify(change)})`);
}

/** Applies other nodes' changes as their notifications arrive. */
export function onKeyChangeNotification(payload: string | undefined): void {
  if (!payload) return;
  try {
    applyKeyChange(JSON.parse(payload) as KeyChange);
  } catch {
    keyCache().clear(); // unreadable: forget everything rather than keep something stale
  }
}
