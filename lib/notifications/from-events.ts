import { inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { organizations } from "@/db/schema";
import type { EventType } from "@/lib/events/catalog";
import { logUnexpected } from "@/lib/core/log-error";
import { newRequestId } from "@/lib/core/request";
import { notify } from "./notify";
import { ruleFor, type Org } from "./rules";

type Claimed = { id: string; organization_id: string; type: string; payload: { timestamp: string; data: Record<string, unknown> } };

/**
 * Turns outbox events into queued emails (lib/notifications/rules.ts says who gets what).
 * Events are claimed with FOR UPDATE SKIP LOCKED and marked `emailed_at` in the same
 * transaction as the emails they queue, so each event is handled once by one worker.
 */
export async function queueEventEmails(db: Db, limit = 100): Promise<number> {
  return db.transaction(async (tx) => {
    const events = rowsOf<Claimed>(
      await tx.execute(sql`
        update outbox_events set emailed_at = now()
        where id in (select id from outbox_events where emailed_at is null order by created_at limit ${limit} for update skip locked)
        returning id, organization_id, type, payload`),
    );
    const wanted = events.filter((e) => ruleFor(e.type));
    if (wanted.length === 0) return events.length;
    const orgIds = [...new Set(wanted.map((e) => e.organization_id))];
    const orgs = new Map<string, Org>(
      (await tx.select({ id: organizations.id, name: organizations.name, slug: organizations.slug }).from(organizations).where(inArray(organizations.id, orgIds))).map((o) => [o.id, o]),
    );
    for (const e of wanted) {
      const org = orgs.get(e.organization_id);
      const rule = ruleFor(e.type)!;
      const event = { id: e.id, organizationId: e.organization_id, type: e.type as EventType, data: e.payload.data, timestamp: e.payload.timestamp };
      try {
        // a savepoint: one event whose email cannot be built never holds the others back
        await tx.transaction(async (sp) => {
          const built = org ? await rule.build(sp, event, org) : null;
          if (built) await notify(sp, e.organization_id, rule.category, built.recipients, built.message);
        });
      } catch (error) {
        logUnexpected(newRequestId(), `notification email for ${e.type} ${e.id}`, error);
      }
    }
    return events.length;
  });
}
