import { sql } from "drizzle-orm";

/**
 * A list as one PostgreSQL array parameter (`unnest(${textArray(ids)}::text[])`), encoded as
 * an array literal so it works the same on postgres.js and PGlite.
 */
export function textArray(values: readonly (string | null)[]) {
  const literal = `{${values
    .map((v) => (v === null ? "NULL" : `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`))
    .join(",")}}`;
  return sql.param(literal);
}
