import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { monthOf } from "./buckets";

/**
 * Makes sure usage_events has a partition for each month from two before to two after now
 * (events are accepted up to 35 days old and 5 minutes ahead). Runs at start-up and daily;
 * anything outside them lands in the default partition. Creating an existing one is a no-op.
 */
export async function ensureUsagePartitions(db: Queryable, now = Date.now()): Promise<void> {
  for (let offset = -2; offset <= 2; offset++) {
    const from = monthOf(now, offset);
    const to = monthOf(now, offset + 1);
    const name = `usage_events_${from.slice(0, 7).replace("-", "_")}`;
    try {
      await db.execute(sql.raw(`create table if not exists ${name} partition of usage_events for values from ('${from} 00:00:00+00') to ('${to} 00:00:00+00')`));
    } catch (error) {
      // e.g. the default partition already holds rows of that month: they stay there, readable
      console.error(`Could not create the usage partition ${name}: ${(error as Error).message}`);
    }
  }
}
