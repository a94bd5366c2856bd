import { sql } from "drizzle-orm";
import { getDb, type Queryable } from "@/db/client";
import { rowsOf, textArray } from "@/db/sql";
import type { LimitLevel } from "@/db/schema";
import { logUnexpected } from "@/lib/core/log-error";
import { newRequestId } from "@/lib/core/request";
import { processSingleton } from "@/lib/core/singleton";
import type { LimitRef } from "./counters";

// What monitor limits would have refused, counted in memory on the hot path and written per
// limit and UTC hour every few seconds in one statement (the console's 7-day chart). Hours
// older than 8 days are deleted, at most once an hour per process.
const FLUSH_EVERY_MS = 5_000;
const HOUR = 3_600_000;
const KEEP_MS = 8 * 24 * HOUR;

class MonitorRefusals {
  private pending = new Map<string, { organizationId: string; ref: LimitRef; hour: number; count: number }>();
  private timer: NodeJS.Timeout | null = null;
  private purgedAt = 0;

  note(organizationId: string, ref: LimitRef, now: number) {
    const hour = Math.floor(now / HOUR) * HOUR;
    const key = `${ref.level}|${ref.targetId}|${ref.name}|${hour}`;
    const entry = this.pending.get(key);
    if (entry) entry.count++;
    else this.pending.set(key, { organizationId, ref, hour, count: 1 });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS).unref();
  }

  async flush(): Promise<number> {
    this.timer = null;
    if (this.pending.size === 0) return 0;
    const batch = [...this.pending.values()];
    this.pending.clear();
    const col = (f: (e: (typeof batch)[number]) => string) => textArray(batch.map(f));
    try {
      const db = await getDb();
      await db.execute(sql`
        insert into limit_monitor_refusals as r (organization_id, level, target_id, limit_name, hour, refusals)
        select * from unnest(${col((e) => e.organizationId)}::text[], ${col((e) => e.ref.level)}::text[], ${col((e) => e.ref.targetId)}::text[],
                             ${col((e) => e.ref.name)}::text[], ${col((e) => new Date(e.hour).toISOString())}::timestamptz[], ${col((e) => String(e.count))}::int[])
               as u(organization_id, level, target_id, limit_name, hour, refusals)
        where exists (select 1 from organizations o where o.id = u.organization_id)
        on conflict (level, target_id, limit_name, hour) do update set refusals = r.refusals + excluded.refusals`);
      if (Date.now() - this.purgedAt > HOUR) {
        this.purgedAt = Date.now();
        await db.execute(sql`delete from limit_monitor_refusals where hour < ${new Date(Date.now() - KEEP_MS).toISOString()}::timestamptz`);
      }
    } catch (error) {
      logUnexpected(newRequestId(), "recording what monitor limits would have refused", error);
    }
    return batch.length;
  }
}

export const monitorRefusals = () => processSingleton("monitorRefusals", () => new MonitorRefusals());

export type MonitorDay = { limit: string; day: string; refusals: number };

/** What the target's monitor limits would have refused, per limit and UTC day, the last 7 days. */
export async function monitorRefusalDays(db: Queryable, organizationId: string, level: LimitLevel, targetId: string, now = Date.now()): Promise<MonitorDay[]> {
  const since = new Date(now - 7 * 86_400_000).toISOString();
  return rowsOf<{ limit: string; day: string; refusals: string | number }>(
    await db.execute(sql`
      select limit_name as limit, to_char(hour at time zone 'UTC', 'YYYY-MM-DD') as day, sum(refusals) as refusals
      from limit_monitor_refusals
      where organization_id = ${organizationId} and level = ${level} and target_id = ${targetId} and hour >= ${since}::timestamptz
      group by 1, 2 order by 2, 1`),
  ).map((r) => ({ limit: r.limit, day: r.day, refusals: Number(r.refusals) }));
}
