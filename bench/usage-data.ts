import type { Sql } from "postgres";

// Usage data at scale, made by PostgreSQL itself (generate_series): raw events and their ids,
// then the three rollups computed from them, exactly as ingest would have counted them.
// Keys are synthetic ids spread over `projects` projects (`keysPerProject` each, three
// environments); each project uses three models of the catalog and each key two of them;
// events are spread evenly over `days` days up to now.

export type GeneratedUsage = { organizationId: string; events: number; days: number; projects: number; keysPerProject: number };

const CHUNK = 1_000_000;

export async function generateUsage(sql: Sql, g: GeneratedUsage, log: (line: string) => void = console.log) {
  const keys = g.projects * g.keysPerProject;
  const end = Date.now();
  const start = end - g.days * 86_400_000;
  const step = (end - start) / g.events;
  await sql`set work_mem = '256MB'`;
  await sql`set synchronous_commit = off`;
  for (let from = 0; from < g.events; from += CHUNK) {
    const to = Math.min(g.events, from + CHUNK) - 1;
    const began = Date.now();
    await sql`
      with m as (select (row_number() over (order by id))::int - 1 as idx, id, input_price_micros as ip, output_price_micros as op from models),
      n as (select count(*)::int as c from models),
      e as (
        select i, i % ${keys} as k,
               to_timestamp((${start}::float8 + i * ${step}::float8) / 1000.0) as at,
               200 + (i * 7919) % 4000 as input, 50 + (i * 104729) % 1000 as output
        from generate_series(${from}::bigint, ${to}::bigint) as i
      ),
      rows as (
        select e.*, m.id as model, (e.input * m.ip + e.output * m.op + 500000) / 1000000 as cost
        from e cross join n join m on m.idx = (e.k / ${g.keysPerProject} + (array[0, 5, 9])[(e.k + (e.i / ${keys}) % 2) % 3 + 1]) % n.c
      ),
      ids as (
        insert into usage_event_ids (organization_id, event_id, occurred_at)
        select ${g.organizationId}, 'gen-' || i, at from rows
      )
      insert into usage_events (organization_id, occurred_at, event_id, project_id, environment, key_id, model, input_tokens, output_tokens, cost_micros)
      select ${g.organizationId}, at, 'gen-' || i, 'prj_gen' || lpad((k / ${g.keysPerProject})::text, 4, '0'),
             (array['production', 'staging', 'development'])[k % 3 + 1], 'key_gen' || lpad(k::text, 6, '0'), model, input, output, cost
      from rows`;
    log(`  events ${from.toLocaleString("en-US")}–${to.toLocaleString("en-US")} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  }
  const rollup = async (label: string, query: ReturnType<Sql>) => {
    const began = Date.now();
    await query;
    log(`  ${label} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  };
  await rollup("hourly rollups", sql`
    insert into usage_hourly (organization_id, hour, project_id, environment, key_id, model, requests, input_tokens, output_tokens, cost_micros)
    select organization_id, date_trunc('hour', occurred_at, 'UTC'), project_id, environment, key_id, model, count(*), sum(input_tokens), sum(output_tokens), sum(cost_micros)
    from usage_events where organization_id = ${g.organizationId} group by 1, 2, 3, 4, 5, 6`);
  await rollup("daily rollups per key", sql`
    insert into usage_daily_keys (organization_id, day, project_id, environment, key_id, model, requests, input_tokens, output_tokens, cost_micros)
    select organization_id, (hour at time zone 'UTC')::date, project_id, environment, key_id, model, sum(requests), sum(input_tokens), sum(output_tokens), sum(cost_micros)
    from usage_hourly where organization_id = ${g.organizationId} group by 1, 2, 3, 4, 5, 6`);
  await rollup("daily rollups per project", sql`
    insert into usage_daily_projects (organization_id, day, project_id, model, requests, input_tokens, output_tokens, cost_micros)
    select organization_id, day, project_id, model, sum(requests), sum(input_tokens), sum(output_tokens), sum(cost_micros)
    from usage_daily_keys where organization_id = ${g.organizationId} group by 1, 2, 3, 4`);
  await sql`analyze`;
  const [counts] = await sql`select (select count(*) from usage_hourly where organization_id = ${g.organizationId}) as hourly,
    (select count(*) from usage_daily_keys where organization_id = ${g.organizationId}) as daily_keys,
    (select count(*) from usage_daily_projects where organization_id = ${g.organizationId}) as daily_projects`;
  return { hourly: Number(counts!.hourly), dailyKeys: Number(counts!.daily_keys), dailyProjects: Number(counts!.daily_projects) };
}
