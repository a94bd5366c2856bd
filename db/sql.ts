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

/** The rows of `db.execute()`: postgres.js answers an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
