import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/sql";

/** Columns any authenticated request may touch: a key's last use, a session's activity (and its first address and user agent). */
const TOUCHED_COLUMNS = ["last_used_at", "last_active_at"];
const TOUCHED_SESSION_COLUMNS = [...TOUCHED_COLUMNS, "ip", "user_agent"];

let orgTables: Promise<string[]> | undefined;

/** Every table (partitioned parents, not their partitions) with an organization_id column. */
function tablesWithOrganization() {
  orgTables ??= getDb().then(async (db) =>
    rowsOf<{ name: string }>(
      await db.execute(sql`select c.relname as name from pg_class c join pg_attribute a on a.attrelid = c.oid
                           where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
                             and a.attname = 'organization_id' and not a.attisdropped order by c.relname`),
    ).map((r) => r.name),
  );
  return orgTables;
}

/**
 * One md5 per table over every row an organization owns: its rows of each table with an
 * organization_id (audit log and outbox included), the organization itself, and its
 * members' users and sessions. Equal checksums before and after a request: nothing was written.
 */
export async function orgChecksum(organizationId: string): Promise<Record<string, string>> {
  const db = await getDb();
  const digest = (from: ReturnType<typeof sql>, name: string, skip = TOUCHED_COLUMNS) => {
    const row = sql`(to_jsonb(x) - array[${sql.join(skip.map((c) => sql`${c}`), sql`, `)}]::text[])::text`;
    return sql`(select md5(coalesce(string_agg(${row}, '|' order by ${row}), '')) from ${from} x) as ${sql.identifier(name)}`;
  };
  const members = sql`(select user_id from memberships where organization_id = ${organizationId})`;
  const parts = [
    digest(sql`(select * from organizations where id = ${organizationId})`, "organizations"),
    digest(sql`(select * from users where id in ${members})`, "users"),
    digest(sql`(select * from sessions where user_id in ${members})`, "sessions", TOUCHED_SESSION_COLUMNS),
    ...(await tablesWithOrganization()).map((t) => digest(sql`(select * from ${sql.identifier(t)} where organization_id = ${organizationId})`, t)),
  ];
  const [row] = rowsOf<Record<string, string>>(await db.execute(sql`select ${sql.join(parts, sql`, `)}`));
  return row!;
}
