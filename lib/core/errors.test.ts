import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, ERROR_STATUS, fromZodIssues, invalid, notFound, toAppError } from "./errors";

const schema = z.strictObject({
  name: z.string().min(1, "is required"),
  settings: z.strictObject({ limits: z.array(z.number().int()) }).optional(),
});

const issuesOf = (value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected the value to be refused");
  return result.error.issues;
};

describe("fromZodIssues", () => {
  it("names every bad field by its dotted path", () => {
    const error = fromZodIssues(issuesOf({ name: "", settings: { limits: [1, 2.5, "x"] } }));

    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("INVALID_REQUEST");
    expect(error.status).toBe(400);
    expect(error.fieldErrors.map((f) => f.path)).toEqual(["name", "settings.limits.1", "settings.limits.2"]);
    expect(error.fieldErrors[0]!.message).toBe("is required");
  });

  it("names each unknown key, nested ones with their parent's path", () => {
    const error = fromZodIssues(issuesOf({ name: "ok", colour: "red", size: 3, settings: { limits: [], extra: true } }));

    expect(error.fieldErrors.map((f) => f.path).sort()).toEqual(["colour", "settings.extra", "size"]);
    for (const f of error.fieldErrors) expect(f.message).toBe("is not a known field");
    expect(error.message).toContain("colour");
    expect(error.message).toContain("size");
  });

  it("calls a problem with the whole body (body)", () => {
    const error = fromZodIssues(issuesOf("just a string"));
    expect(error.fieldErrors).toEqual([{ path: "(body)", message: expect.any(String) }]);
  });
});

describe("toAppError", () => {
  it("turns a Postgres unique violation into CONFLICT, also when wrapped", () => {
    const pg = Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" });
    expect(toAppError(pg)?.code).toBe("CONFLICT");
    // drizzle wraps the driver's error: `DrizzleQueryError { cause: PostgresError }`
    const wrapped = new Error("Failed query: insert into …", { cause: pg });
    const conflict = toAppError(wrapped);
    expect(conflict?.code).toBe("CONFLICT");
    expect(conflict?.status).toBe(409);
    expect(conflict?.userMessage).not.toContain("insert into");
  });

  it("names the field of a known unique constraint (a race past the service's own check)", () => {
    // postgres.js names the constraint `constraint_name`, PGlite `constraint`
    const postgresJs = { code: "23505", constraint_name: "projects_organizationId_slug_unique" };
    const pglite = { code: "23505", constraint: "organizations_slug_unique" };
    for (const pg of [postgresJs, pglite]) {
      const conflict = toAppError(new Error("Failed query", { cause: Object.assign(new Error("duplicate"), pg) }));
      expect(conflict?.code).toBe("CONFLICT");
      expect(conflict?.fieldErrors).toEqual([{ path: "slug", message: "is already taken" }]);
    }
    const other = toAppError(Object.assign(new Error("duplicate"), { code: "23505", constraint_name: "admin_keys_secretHash_unique" }));
    expect(other?.fieldErrors).toEqual([]);
  });

  it("keeps an AppError as it is", () => {
    const e = new AppError("FORBIDDEN", "internal detail", { userMessage: "You may not." });
    expect(toAppError(e)).toBe(e);
    expect(e.userMessage).toBe("You may not.");
  });

  it("leaves other errors unknown, so they are masked as 500", () => {
    expect(toAppError(new Error("boom"))).toBeNull();
    expect(toAppError(Object.assign(new Error("syntax"), { code: "42601" }))).toBeNull();
    expect(toAppError(Object.assign(new Error("node"), { code: "EACCES" }))).toBeNull();
    expect(toAppError("a string")).toBeNull();
    expect(toAppError(null)).toBeNull();
  });
});

describe("toAppError when the database cannot be reached", () => {
  /** drizzle's wrapper around the driver's error, as a failed query throws it */
  const failedQuery = (cause: unknown) => Object.assign(new Error("Failed query: select 1\nparams: "), { cause });
  const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: code });
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { name: "PostgresError", code, severity: "FATAL" });

  it.each([
    ["a refused connection", socketError("ECONNREFUSED")],
    ["a reset connection", socketError("ECONNRESET")],
    ["postgres.js's connection closed", socketError("CONNECTION_CLOSED")],
    ["postgres.js's connect timeout", socketError("CONNECT_TIMEOUT")],
    ["an administrator shutdown", pgError("57P01", "terminating connection due to administrator command")],
    ["a server starting up", pgError("57P03", "the database system is starting up")],
    ["a connection failure (class 08)", pgError("08006", "connection failure")],
    ["too many connections", pgError("53300", "sorry, too many clients already")],
    ["a terminated connection without a code", new Error("terminating connection because of crash of another server process")],
    ["every address of a host refusing", new AggregateError([socketError("ECONNREFUSED"), socketError("ECONNREFUSED")])],
  ])("answers 503 SERVICE_UNAVAILABLE for %s, also inside drizzle's wrapper", (_, error) => {
    for (const thrown of [error, failedQuery(error)]) {
      const known = toAppError(thrown);
      expect([known?.code, known?.status]).toEqual(["SERVICE_UNAVAILABLE", 503]);
      expect(known?.userMessage).toBe("The database is unreachable right now. Try again in a moment.");
    }
  });

  it("leaves a failing call to another service (fetch) and ordinary query errors alone", () => {
    expect(toAppError(new TypeError("fetch failed", { cause: socketError("ECONNREFUSED") }))).toBeNull();
    expect(toAppError(failedQuery(pgError("42P01", "relation does not exist")))).toBeNull();
    expect(toAppError(failedQuery(Object.assign(new Error("duplicate"), { code: "23505" })))?.code).toBe("CONFLICT");
  });
});

describe("AppError helpers", () => {
  it("map every code to its HTTP status", () => {
    expect(ERROR_STATUS).toEqual({
      INVALID_REQUEST: 400,
      UNAUTHORIZED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      PAYLOAD_TOO_LARGE: 413,
      UNSUPPORTED_MEDIA_TYPE: 415,
      RATE_LIMITED: 429,
      INTERNAL_ERROR: 500,
      SERVICE_UNAVAILABLE: 503,
    });
    for (const code of Object.keys(ERROR_STATUS)) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });

  it("build NOT_FOUND and field errors", () => {
    expect(notFound("Project").message).toBe("Project was not found.");
    expect(invalid("slug", "is taken").fieldErrors).toEqual([{ path: "slug", message: "is taken" }]);
  });
});
