import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { textArray } from "@/db/sql";
import { logUnexpected } from "@/lib/core/log-error";
import { newRequestId } from "@/lib/core/request";
import { processSingleton } from "@/lib/core/singleton";

// Last-used time and IP, tracked coarsely off the request path: verification notes the use
// in memory; a timer writes at most one row update per key per minute, in one statement.
const WRITE_INTERVAL_MS = 60_000;
const FLUSH_EVERY_MS = 5_000;

class LastUsedTracker {
  private pending = new Map<string, { at: number; ip: string | null }>();
  private lastWritten = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  note(keyId: string, ip: string | null, now: number) {
    const written = this.lastWritten.get(keyId);
    if (written !== undefined && now - written < WRITE_INTERVAL_MS) return;
    this.lastWritten.set(keyId, now);
    this.pending.set(keyId, { at: now, ip });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS).unref();
  }

  async flush(): Promise<number> {
    this.timer = null;
    if (this.pending.size === 0) return 0;
    const batch = [...this.pending.entries()];
    this.pending.clear();
    if (this.lastWritten.size > 100_000) this.lastWritten.clear();
    try {
      const db = await getDb();
      await db.execute(sql`
        update api_keys k set last_used_at = u.at, last_used_ip = u.ip
        from (select unnest(${textArray(batch.map(([id]) => id))}::text[]) as id,
                     unnest(${textArray(batch.map(([, v]) => new Date(v.at).toISOString()))}::timestamptz[]) as at,
                     unnest(${textArray(batch.map(([, v]) => v.ip))}::text[]) as ip) u
        where k.id = u.id and (k.last_used_at is null or k.last_used_at < u.at)`);
    } catch (error) {
      logUnexpected(newRequestId(), "recording last-used times of keys", error);
    }
    return batch.length;
  }
}

export const lastUsed = () => processSingleton("lastUsed", () => new LastUsedTracker());
