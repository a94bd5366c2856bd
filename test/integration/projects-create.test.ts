import { beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/projects/route";
import { getDb } from "@/db/client";
import { createProject } from "@/lib/projects/service";
import {
  apiRequest,
  asKey,
  auditRows,
  call,
  createOrg,
  createTestAdminKey,
  orgState,
  outboxRows,
  unique,
  type OrgFixture,
} from "../factories";

let fx: OrgFixture;
let key: string;

beforeEach(async () => {
  fx = await createOrg();
  key = (await createTestAdminKey(fx, "admin")).secret;
});

const create = (body: unknown, headers: Record<string, string> = {}) =>
  call(POST, apiRequest("POST", "/projects", { headers: { ...asKey(key), ...headers }, body }));

/** Sends the request and checks it wrote nothing at all. */
async function refusedWithoutWrites(body: unknown, headers: Record<string, string> = {}) {
  const before = await orgState(fx.org.id);
  const res = await create(body, headers);
  expect(await orgState(fx.org.id)).toEqual(before);
  return res;
}

describe("POST /projects", () => {
  it("creates a project with the default environments in order", async () => {
    const res = await create({ name: "Search Service" });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^prj_/),
      name: "Search Service",
      slug: "search-service",
      environments: ["production", "staging", "development"],
      allowedModels: [],
      archivedAt: null,
    });
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
  });

  it("keeps the given slug, environments and allowed models", async () => {
    const res = await create({ name: "Chat", slug: "chat-v2", environments: ["prod", "dev"], allowedModels: ["openai/gpt-4o", "anthropic/*"] });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ slug: "chat-v2", environments: ["prod", "dev"], allowedModels: ["openai/gpt-4o", "anthropic/*"] });
  });

  it("writes the audit entry and the project.created event with the project", async () => {
    const res = await create({ name: "Audited" });

    const audit = (await auditRows(fx.org.id)).filter((a) => a.action === "project.created");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: "project", targetId: res.body.id, actorType: "admin_key" });
    const events = (await outboxRows(fx.org.id)).filter((e) => e.type === "project.created");
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ type: "project.created", organizationId: fx.org.id, data: { project: { id: res.body.id } } });
  });

  it("answers 409 naming slug when the slug is taken, and writes nothing", async () => {
    const slug = unique("dup");
    expect((await create({ name: "First", slug })).status).toBe(201);

    const res = await refusedWithoutWrites({ name: "Second", slug });

    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("CONFLICT");
    expect(res.body.error.details).toEqual([{ path: "slug", message: expect.any(String) }]);
  });

  it("answers 409 when a name makes a slug that is taken", async () => {
    expect((await create({ name: "Same Name" })).status).toBe(201);
    const res = await refusedWithoutWrites({ name: "Same Name" });
    expect(res.status).toBe(409);
  });

  it("allows the same slug in another organization", async () => {
    const other = await createOrg();
    const otherKey = (await createTestAdminKey(other, "owner")).secret;
    const slug = unique("shared");
    expect((await create({ name: "Mine", slug })).status).toBe(201);
    const res = await call(POST, apiRequest("POST", "/projects", { headers: asKey(otherKey), body: { name: "Theirs", slug } }));
    expect(res.status).toBe(201);
  });

  it("answers 400 naming an unknown field, and writes nothing", async () => {
    const res = await refusedWithoutWrites({ name: "Ok", colour: "blue" });

    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("INVALID_REQUEST");
    expect(res.body.error.details).toEqual([{ path: "colour", message: expect.any(String) }]);
    expect(res.body.error.message).toContain("colour");
  });

  it("answers 400 with the path of every bad field", async () => {
    const res = await refusedWithoutWrites({
      name: 42,
      slug: "Not A Slug",
      environments: ["production", "production"],
      allowedModels: ["openai/gpt-4o", "has spaces"],
    });

    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(["allowedModels.1", "environments", "name", "slug"]);
    for (const d of res.body.error.details) expect(d.message).toEqual(expect.any(String));
  });

  it("answers 400 to a missing name and to a body that is not an object", async () => {
    expect((await refusedWithoutWrites({})).body.error.details).toEqual([{ path: "name", message: expect.any(String) }]);
    expect((await refusedWithoutWrites([1, 2])).status).toBe(400);
    expect((await refusedWithoutWrites("null")).status).toBe(400);
  });

  it("answers 400 to a body that is not valid JSON", async () => {
    const res = await refusedWithoutWrites("{ name: ");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("INVALID_REQUEST");
  });

  it("answers 415 to a body that is not JSON, and writes nothing", async () => {
    const res = await refusedWithoutWrites("name=Form", { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");

    const none = await call(POST, new Request("http://localhost/api/v1/projects", { method: "POST", headers: asKey(key), body: "{}" }));
    expect([none.status, none.body.error.code]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
  });

  it("answers 413 to a body over 1 MiB, and writes nothing", async () => {
    const huge = JSON.stringify({ name: "Big", description: "x".repeat(1024 * 1024) });
    const res = await refusedWithoutWrites(huge);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("PAYLOAD_TOO_LARGE");

    const declared = await refusedWithoutWrites(JSON.stringify({ name: "Liar" }), { "content-length": String(2 * 1024 * 1024) });
    expect(declared.status).toBe(413);
  });
});

describe("createProject in a transaction", () => {
  it("leaves no project, audit entry or event when the transaction fails", async () => {
    const db = await getDb();
    const before = await orgState(fx.org.id);

    await expect(
      db.transaction(async (tx) => {
        await createProject(tx, fx.ctx, { name: "Rolled Back" });
        throw new Error("fails after the change");
      }),
    ).rejects.toThrow("fails after the change");

    expect(await orgState(fx.org.id)).toEqual(before);
  });
});
