import { sql } from "drizzle-orm";
import type { Sql } from "postgres";
import type { Queryable } from "@/db/client";
import { limitStore } from "@/lib/limits/store";
import { afterCommit, type RequestContext } from "@/lib/core/context";
import { keyCache } from "./cache";
import { keyFilter } from "./key-filter";

// A change that verification must see: on this node right after commit, on other nodes
// through PostgreSQL LISTEN/NOTIFY (the notification is sent at commit, or not at all).
export type KeyChange =
  | { kind: "key"; id: string }
  | { kind: "project"; id: string }
  | { kind: "organization"; id: string };

export const KEY_CHANGES_CHANNEL = "anyint_key_changes";

export function applyKeyChange(change: KeyChange): void {
  limitStore().stale?.(change.kind, change.id);
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
    const change = JSON.parse(payload) as KeyChange;
    if (change.kind === "key") keyFilter().stale(change.id); // perhaps a new secret: the filter reads it on the next miss
    applyKeyChange(change);
  } catch {
    keyCache().clear(); // unreadable: forget everything rather than keep something stale
    keyFilter().stale();
  }
}

/**
 * Listens for other nodes' changes. postgres.js subscribes again by itself once a lost
 * connection is back; what was announced meanwhile never arrives, so each re-subscription
 * forgets the cache rather than keep answers that may have gone stale.
 */
export async function subscribeToKeyChanges(client: Sql): Promise<void> {
  let subscribed = false;
  await client.listen(KEY_CHANGES_CHANNEL, onKeyChangeNotification, () => {
    if (subscribed) {
      keyCache().clear();
      keyFilter().stale();
    }
    subscribed = true;
  });
}
