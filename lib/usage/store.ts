import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf, textArray } from "@/db/sql";
import type { FreshUsage } from "@/lib/limits/settle";

/** An accepted event, priced and placed, ready to store. */
export type PricedEvent = {
  organizationId: string;
  eventId: string;
  occurredAt: string;
  projectId: string;
  environment: string;
  keyId: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
  requestId: string | null;
};

const col = <K extends keyof PricedEvent>(events: PricedEvent[], k: K) => textArray(events.map((e) => (e[k] === null ? null : String(e[k]))));

const SUMS = sql.raw(`count(*), sum(input_tokens), sum(output_tokens), sum(cost_micros)`);
const ADD = sql.raw(`requests = u.requests + excluded.requests, input_tokens = u.input_tokens + excluded.input_tokens,
  output_tokens = u.output_tokens + excluded.output_tokens, cost_micros = u.cost_micros + excluded.cost_micros`);

/**
 * Stores a batch in one statement: the event ids not seen before are claimed in
 * usage_event_ids (ON CONFLICT DO NOTHING … RETURNING), only those events are written to
 * usage_events, and only they are added to the three rollups. A concurrent batch with the
 * same id waits on the id's unique key and then finds it taken, so every event counts once.
 * Rows go in key order, so concurrent batches lock in the same order and cannot deadlock.
 * Answers how many were stored and, per key and model, the tokens of those (for limits).
 */
export async function storeEvents(tx: Queryable, events: PricedEvent[]) {
  const [row] = rowsOf<{ accepted: number | string; fresh: FreshUsage[] | null }>(
    await tx.execute(sql`
      with input as (
        select * from unnest(
          ${col(events, "organizationId")}::text[], ${col(events, "eventId")}::text[], ${col(events, "occurredAt")}::timestamptz[],
          ${col(events, "projectId")}::text[], ${col(events, "environment")}::text[], ${col(events, "keyId")}::text[],
          ${col(events, "model")}::text[], ${col(events, "inputTokens")}::int[], ${col(events, "outputTokens")}::int[],
          ${col(events, "costMicros")}::bigint[], ${col(events, "requestId")}::text[]
        ) as t(organization_id, event_id, occurred_at, project_id, environment, key_id, model, input_tokens, output_tokens, cost_micros, request_id)
      ),
      fresh as (
        insert into usage_event_ids (organization_id, event_id, occurred_at)
        select organization_id, event_id, occurred_at from input order by organization_id, event_id
        on conflict do nothing
        returning organization_id, event_id
      ),
      stored as (
        insert into usage_events (organization_id, occurred_at, event_id, project_id, environment, key_id, model, input_tokens, output_tokens, cost_micros, request_id)
        select i.organization_id, i.occurred_at, i.event_id, i.project_id, i.environment, i.key_id, i.model, i.input_tokens, i.output_tokens, i.cost_micros, i.request_id
        from input i join fresh f using (organization_id, event_id)
        returning organization_id, occurred_at, project_id, environment, key_id, model, input_tokens, output_tokens, cost_micros
      ),
      hourly as (
        insert into usage_hourly as u (organization_id, hour, project_id, environment, key_id, model, requests, input_tokens, output_tokens, cost_micros)
        select organization_id, date_trunc('hour', occurred_at, 'UTC'), project_id, environment, key_id, model, ${SUMS}
        from stored group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6
        on conflict (organization_id, hour, project_id, environment, key_id, model) do update set ${ADD}
      ),
      daily_keys as (
        insert into usage_daily_keys as u (organization_id, day, project_id, environment, key_id, model, requests, input_tokens, output_tokens, cost_micros)
        select organization_id, (occurred_at at time zone 'UTC')::date, project_id, environment, key_id, model, ${SUMS}
        from stored group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6
        on conflict (organization_id, day, project_id, environment, key_id, model) do update set ${ADD}
      ),
      daily_projects as (
        insert into usage_daily_projects as u (organization_id, day, project_id, model, requests, input_tokens, output_tokens, cost_micros)
        select organization_id, (occurred_at at time zone 'UTC')::date, project_id, model, ${SUMS}
        from stored group by 1, 2, 3, 4 order by 1, 2, 3, 4
        on conflict (organization_id, day, project_id, model) do update set ${ADD}
      )
      select (select count(*) from stored) as accepted,
             (select json_agg(json_build_object('organizationId', organization_id, 'projectId', project_id, 'keyId', key_id, 'model', model, 'tokens', tokens))
              from (select organization_id, project_id, key_id, model, sum(input_tokens + output_tokens)::float8 as tokens from stored group by 1, 2, 3, 4) g) as fresh`),
  );
  return { accepted: Number(row?.accepted ?? 0), fresh: row?.fresh ?? [] };
}
