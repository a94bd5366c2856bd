import { gt, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiKeySecrets } from "@/db/schema";
import { rowsOf, textArray } from "@/db/sql";
import { describeError } from "@/lib/core/log-error";
import { processSingleton } from "@/lib/core/singleton";
import { HashBloom } from "./bloom";

// Every known team-key secret hash in a Bloom filter (docs/architecture.md, verification),
// so a well-formed unknown key is answered with no database access. Kept current like the
// cache: this node adds its new secrets after commit; other nodes' arrive through the
// delta query, read on the next miss after their notification (that key's secrets) or once
// the filter is 0.9 s old (secrets created since the last delta), so a key committed more
// than a second ago is never answered NOT_FOUND.
const FRESH_MS = 900; // so the delta's round trip fits in the second
/** The delta re-reads this far back: a creating transaction that commits later than that is found through its notification only. */
const OVERLAP = sql.raw("interval '10 seconds'");
const PAGE = 10_000;
const MIN_CAPACITY = 1_000_000;
const RETRY_MS = 5000;

class KeyFilter {
  private bloom: HashBloom | null = null;
  private loading = false;
  private retryAt = 0;
  /** this node's new hashes while a load runs, added to the new filter when it is done */
  private addedDuringLoad: string[] | null = null;
  /** database time from which the next delta reads */
  private since = new Date(0);
  /** when the last delta started, on this node's clock */
  private checkedAt = 0;
  private refreshing: Promise<void> | null = null;
  /** keys other nodes announced as changed, whose secrets the next delta reads */
  private announced = new Set<string>();

  get ready(): boolean {
    return this.bloom !== null;
  }

  /** Loads every hash in the background (again when the filter outgrows its capacity or a load failed). */
  start(): void {
    const full = this.bloom && this.bloom.count > this.bloom.capacity;
    if (this.loading || (this.bloom && !full) || Date.now() < this.retryAt) return;
    this.loading = true;
    this.addedDuringLoad = [];
    this.load()
      .catch((error: unknown) => {
        this.retryAt = Date.now() + RETRY_MS;
        console.error(`key filter: loading the secret hashes failed (${describeError(error, { stack: false })}); verification reads the database meanwhile`);
      })
      .finally(() => {
        this.loading = false;
        this.addedDuringLoad = null;
      });
  }

  /** A secret created on this node, once its transaction has committed. */
  add(hash: string): void {
    this.bloom?.add(hash);
    this.addedDuringLoad?.push(hash);
    this.growIfFull();
  }

  /** Another node changed a key (or may have): the next miss reads the delta first, with that key's secrets. */
  stale(keyId?: string): void {
    if (keyId) this.announced.add(keyId);
    this.checkedAt = 0;
  }

  /** False only when no secret with this hash was committed a second ago; true too while the filter loads. */
  async mayExist(hash: string): Promise<boolean> {
    if (!this.bloom) {
      if (this.retryAt) this.start(); // a failed load is tried again, at most every 5 s
      return true;
    }
    if (this.bloom.has(hash)) return true;
    if (Date.now() - this.checkedAt >= FRESH_MS) await (this.refreshing ??= this.readDelta().finally(() => (this.refreshing = null)));
    return this.bloom.has(hash);
  }

  private async load(): Promise<void> {
    const db = await getDb();
    const [head] = rowsOf<{ n: number; at: Date | string }>(
      await db.execute(sql`select count(*)::int as n, now() - ${OVERLAP} as at from ${apiKeySecrets}`),
    );
    const bloom = new HashBloom(Math.max(MIN_CAPACITY, 2 * head!.n));
    // keyset pages: each is one short indexed query, and the event loop runs between them
    for (let last: string | undefined; ; ) {
      const page = await db
        .select({ hash: apiKeySecrets.secretHash })
        .from(apiKeySecrets)
        .where(last === undefined ? undefined : gt(apiKeySecrets.secretHash, last))
        .orderBy(apiKeySecrets.secretHash)
        .limit(PAGE);
      for (const row of page) bloom.add(row.hash);
      if (page.length < PAGE) break;
      last = page[page.length - 1]!.hash;
    }
    for (const hash of this.addedDuringLoad ?? []) bloom.add(hash);
    this.since = new Date(head!.at);
    this.checkedAt = 0; // the first miss reads what other nodes created during the load
    this.bloom = bloom;
  }

  private async readDelta(): Promise<void> {
    const started = Date.now();
    const keyIds = [...this.announced];
    this.announced.clear();
    try {
      const db = await getDb();
      const [row] = rowsOf<{ at: Date | string; hashes: string[] }>(
        await db.execute(sql`select now() - ${OVERLAP} as at, coalesce(array_agg(${apiKeySecrets.secretHash}), '{}') as hashes
          from ${apiKeySecrets} where ${apiKeySecrets.createdAt} >= ${this.since.toISOString()}::timestamptz
          or ${apiKeySecrets.keyId} = any(${textArray(keyIds)}::text[])`),
      );
      for (const hash of row!.hashes) if (!this.bloom!.has(hash)) this.bloom!.add(hash);
      this.since = new Date(row!.at);
      this.growIfFull();
    } catch (error) {
      // the database is unreachable: answer from the filter as it stands and try again in a second
      for (const id of keyIds) this.announced.add(id);
      console.error(`key filter: reading new secrets failed (${describeError(error, { stack: false })})`);
    }
    this.checkedAt = started;
  }

  private growIfFull(): void {
    if (this.bloom && this.bloom.count > this.bloom.capacity) this.start();
  }
}

export const keyFilter = () => processSingleton("keyFilter", () => new KeyFilter());
