import { PGlite } from "@electric-sql/pglite";
import { DrizzleQueryError, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { describeError, logUnexpected } from "./log-error";

const EMAIL = "alice.personal@example.org";
let client: PGlite;
let db: ReturnType<typeof drizzle>;

beforeAll(async () => {
  client = new PGlite();
  db = drizzle(client);
  await db.execute(sql`create table people (email text primary key, age int not null)`);
  await db.execute(sql`insert into people values (${EMAIL}, 30)`);
}, 60_000); // a fresh in-memory PGlite takes a few seconds on a busy machine
afterAll(async () => {
  await client.close();
});

/** The error a real failed query throws, and what logUnexpected printed for it. */
async function failAndLog(query: ReturnType<typeof sql>) {
  const error = await db.execute(query).then(
    () => expect.unreachable("the query should fail"),
    (e: unknown) => e,
  );
  const spy = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    logUnexpected("req-1", "a test route", error);
    return { error, printed: spy.mock.calls.map((args) => args.map(String).join(" ")).join("\n") };
  } finally {
    spy.mockRestore();
  }
}

describe("logUnexpected", () => {
  it("prints the SQL and the cause of a failed query but not its personal-data parameter", async () => {
    const { error, printed } = await failAndLog(sql`insert into people (email, age) values (${EMAIL}, ${41})`);
    expect(error).toBeInstanceOf(DrizzleQueryError);
    expect(String(error)).toContain(EMAIL); // drizzle itself would print it
    expect(printed).toContain("[req-1] a test route: DrizzleQueryError");
    expect(printed).toContain("insert into people (email, age) values ($1, $2)");
    expect(printed).toContain("23505"); // the cause's code: a unique violation
    expect(printed).toMatch(/\n\s+at /); // stack frames
    expect(printed).not.toContain(EMAIL);
  });

  it("blanks a parameter PostgreSQL quotes back in its own message", async () => {
    const secret = "not-a-number-alice@example.org";
    const { printed } = await failAndLog(sql`select * from people where age = ${secret}::int`);
    expect(printed).toContain("22P02"); // invalid input syntax, which quotes the input
    expect(printed).not.toContain(secret);
    expect(printed).toContain("[redacted]");
  });

  it("drops postgres.js's hidden parameters and PostgreSQL's detail", () => {
    // the shape postgres.js rejects with: non-enumerable query/parameters/args, the server's detail
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
      name: "PostgresError",
      code: "23505",
      detail: `Key (email)=(${EMAIL}) already exists.`,
    });
    Object.defineProperties(cause, {
      query: { value: "insert into users (email) values ($1)", enumerable: false },
      parameters: { value: [EMAIL], enumerable: false },
      args: { value: [EMAIL], enumerable: false },
    });
    const text = describeError(cause);
    expect(text).toContain("PostgresError (23505)");
    expect(text).toContain("sql: insert into users (email) values ($1)");
    expect(text).not.toContain(EMAIL);
  });

  it("survives a thrown non-error and a cause cycle", () => {
    expect(describeError("plain text")).toBe("plain text");
    const a = new Error("a") as Error & { cause?: unknown };
    a.cause = a;
    expect(describeError(a).split("caused by").length).toBeLessThanOrEqual(5);
  });
});
