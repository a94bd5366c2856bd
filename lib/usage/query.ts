import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf, textArray } from "@/db/sql";
import { projectScope } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";
import { invalid } from "@/lib/core/errors";
import { bucketStart, bucketStarts, MAX_BUCKETS, nextBucket } from "./buckets";
import type { UsageDimension, UsageQuery } from "./schemas";

export type UsageResult = { projectId?: string; environment?: string; keyId?: string; model?: string; requests: number; inputTokens: number; outputTokens: number; costMicros: number };
export type UsageBucket = { start: string; end: string; results: UsageResult[] };

const DIMENSIONS: Record<UsageDimension, { column: string; field: "projectId" | "environment" | "keyId" | "model" }> = {
  project: { column: "project_id", field: "projectId" },
  environment: { column: "environment", field: "environment" },
  key: { column: "key_id", field: "keyId" },
  model: { column: "model", field: "model" },
};

/** The buckets of a query: the range (default: this UTC month so far) widened to whole buckets. */
export function usageBuckets(query: Pick<UsageQuery, "start" | "end" | "bucket">, now = Date.now()) {
  const start = query.start ? Date.parse(query.start) : bucketStart(now, "month");
  const end = query.end ? Date.parse(query.end) : now;
  if (!(start < end)) throw invalid("query.end", "must be after start");
  const starts = bucketStarts(start, end, query.bucket);
  if (!starts) throw invalid("query.bucket", `the range holds more than ${MAX_BUCKETS} ${query.bucket} buckets: choose a larger bucket or a shorter range`);
  return starts;
}

type Source = { table: string; grain: "hour" | "day"; dimensions: UsageDimension[] };
const HOURLY: Source = { table: "usage_hourly", grain: "hour", dimensions: ["project", "environment", "key", "model"] };
const DAILY_KEYS: Source = { table: "usage_daily_keys", grain: "day", dimensions: ["project", "environment", "key", "model"] };
const DAILY_PROJECTS: Source = { table: "usage_daily_projects", grain: "day", dimensions: ["project", "model"] };

/** The rollup that answers a query with the fewest rows. */
function sourceOf(query: UsageQuery): Source {
  if (query.bucket === "hour") return HOURLY;
  const byKey = query.keyId || query.groupBy.some((d) => d === "key" || d === "environment");
  return byKey ? DAILY_KEYS : DAILY_PROJECTS;
}

/** The bucket's start as an expression over the rollup's time column. */
function bucketOf(source: Source, bucket: UsageQuery["bucket"]) {
  if (source.grain === "hour") return bucket === "hour" ? sql`hour` : sql`date_trunc(${bucket}, hour, 'UTC')`;
  return bucket === "day" ? sql`day::timestamp` : sql`date_trunc('month', day::timestamp)`;
}

function rangeOf(source: Source, start: number, end: number) {
  if (source.grain === "hour") return sql`hour >= ${iso(start)}::timestamptz and hour < ${iso(end)}::timestamptz`;
  return sql`day >= ${iso(start).slice(0, 10)}::date and day < ${iso(end).slice(0, 10)}::date`;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * GET /usage: totals per bucket (every bucket of the range present), grouped and filtered,
 * from the rollups. Members see only their projects' usage (a filter naming another
 * project was refused by the route's authorization).
 */
export async function queryUsage(db: Queryable, ctx: RequestContext, query: UsageQuery, now = Date.now()): Promise<{ data: UsageBucket[] }> {
  const starts = usageBuckets(query, now);
  const end = nextBucket(starts.at(-1)!, query.bucket);
  const source = sourceOf(query);
  const scope = projectScope(ctx.principal, "usage.read");
  const where: SQL[] = [sql`organization_id = ${ctx.principal.organizationId}`, rangeOf(source, starts[0]!, end)];
  if (scope) where.push(sql`project_id = any(${textArray(scope)}::text[])`);
  if (query.projectId) where.push(sql`project_id = ${query.projectId}`);
  if (query.keyId) where.push(sql`key_id = ${query.keyId}`);
  if (query.model) where.push(sql`model = ${query.model}`);
  const dims = query.groupBy.map((d) => DIMENSIONS[d]);
  const columns = sql.raw(dims.map((d) => `, ${d.column} as "${d.field}"`).join(""));
  // a query at the rollup's own grain reads its rows as they are: nothing to add up
  const exact = query.bucket === source.grain && source.dimensions.every((d) => query.groupBy.includes(d));
  const measures = ["requests", "input_tokens", "output_tokens", "cost_micros"].map((m) => (exact ? `${m} as ${m}` : `sum(${m}) as ${m}`));
  const order = exact
    ? [source.grain, ...source.dimensions.map((d) => DIMENSIONS[d].column)] // the primary key's order: no sort
    : ["1", ...dims.map((d) => d.column)];
  const groupBy = exact ? "" : ` group by ${["1", ...dims.map((d) => d.column)].join(", ")}`;
  const rows = rowsOf<Record<string, string | number>>(
    await db.execute(sql`
      select (extract(epoch from ${bucketOf(source, query.bucket)}) * 1000)::float8 as bucket_ms ${columns}, ${sql.raw(measures.join(", "))}
      from ${sql.raw(source.table)} where ${sql.join(where, sql` and `)}${sql.raw(`${groupBy} order by ${order.join(", ")}`)}`),
  );
  const byBucket = new Map<number, UsageResult[]>(starts.map((s) => [s, []]));
  for (const r of rows) {
    const result = {} as UsageResult;
    for (const d of dims) result[d.field] = String(r[d.field]);
    result.requests = Number(r.requests);
    result.inputTokens = Number(r.input_tokens);
    result.outputTokens = Number(r.output_tokens);
    result.costMicros = Number(r.cost_micros);
    byBucket.get(Number(r.bucket_ms))?.push(result);
  }
  const empty = { requests: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 };
  return {
    data: starts.map((s) => {
      const results = byBucket.get(s)!;
      // ungrouped: exactly one total per bucket, zero when nothing was used
      return { start: iso(s), end: iso(nextBucket(s, query.bucket)), results: dims.length === 0 && results.length === 0 ? [{ ...empty }] : results };
    }),
  };
}
