import { inject } from "vitest";

// The integration files run twice: on PostgreSQL (project `integration`, which provides
// `databaseUrl`) and on in-memory PGlite (`integration-pglite`). PGlite is one connection that
// runs transactions one after another, so two requests "at once" never overlap there: a test of
// a race the database decides (row locks, unique indexes, SKIP LOCKED between transactions)
// passes on PGlite without the race happening. Such tests run on PostgreSQL only:
//
//   it.skipIf(!onPostgres)(`… ${POSTGRES_ONLY}`, …)

/** True in the PostgreSQL project, false on PGlite. */
export const onPostgres = Boolean(inject("databaseUrl"));

/** Said in the name of every test skipped on PGlite because its race cannot happen there. */
export const POSTGRES_ONLY = "(PostgreSQL only: PGlite runs transactions one at a time, so they never race)";
