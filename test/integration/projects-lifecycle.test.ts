import { beforeEach, describe, expect, it } from "vitest";
import { POST as archive } from "@/app/api/v1/projects/[projectId]/archive/route";
import { POST as restore } from "@/app/api/v1/projects/[projectId]/restore/route";
import { GET as getOne, PATCH } from "@/app/api/v1/projects/[projectId]/route";
import { GET as list } from "@/app/api/v1/projects/route";
import {
  apiRequest,
  asKey,
  auditRows,
  call,
  createOrg,
  createTestAdminKey,
  createTestProject,
  orgState,
  outboxRows,
  type OrgFixture,
} from "../factories";

let fx: OrgFixture;
let key: string;

beforeEach(async () => {
  fx = await createOrg();
  key = (await createTestAdminKey(fx, "admin")).secret;
});

const listProjects = (query = "") => call(list, apiRequest("GET", `/projects${query}`, { headers: asKey(key) }));
const getProject = (projectId: string) => call(getOne, apiRequest("GET", `/projects/${projectId}`, { headers: asKey(key) }), { projectId });
const patch = (projectId: string, body: unknown) =>
  call(PATCH, apiRequest("PATCH", `/projects/${projectId}`, { headers: asKey(key), body }), { projectId });
const post = (handler: typeof archive, projectId: string, action: string) =>
  call(handler, apiRequest("POST", `/projects/${projectId}/${action}`, { headers: asKey(key) }), { projectId });

describe("GET /projects", () => {
  it("pages with limit and nextCursor, in a stable order", async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createTestProject(fx));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await listProjects(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((p: { id: string }) => p.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(made.map((p) => p.id).sort());
  });

  it("answers every project of the organization with default paging", async () => {
    await createTestProject(fx);
    const res = await listProjects();
    expect(res.body).toEqual({ data: [expect.objectContaining({ environments: ["production", "staging", "development"] })], nextCursor: null });
  });

  it("leaves archived projects out unless includeArchived=true", async () => {
    const kept = await createTestProject(fx);
    const archived = await createTestProject(fx);
    expect((await post(archive, archived.id, "archive")).status).toBe(200);

    const ids = async (query: string) => (await listProjects(query)).body.data.map((p: { id: string }) => p.id).sort();
    expect(await ids("")).toEqual([kept.id]);
    expect(await ids("?includeArchived=true")).toEqual([kept.id, archived.id].sort());
  });

  it("answers 400 naming bad query parameters", async () => {
    for (const [query, path] of [["?limit=0", "query.limit"], ["?limit=101", "query.limit"], ["?limit=abc", "query.limit"], ["?includeArchived=yes", "query.includeArchived"], ["?colour=red", "query.colour"]]) {
      const res = await listProjects(query);
      expect(res.status, query).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([path]);
    }
  });
});

describe("GET /projects/{projectId}", () => {
  it("answers the project", async () => {
    const p = await createTestProject(fx, { name: "Read Me" });
    const res = await getProject(p.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(p);
  });

  it("answers 404 for an unknown id", async () => {
    expect((await getProject("prj_doesnotexist")).status).toBe(404);
  });
});

describe("PATCH /projects/{projectId}", () => {
  it("renames, adds environments and records one audit entry and event", async () => {
    const p = await createTestProject(fx, { name: "Old Name" });
    const before = await orgState(fx.org.id);

    const res = await patch(p.id, { name: "New Name", environments: ["production", "qa"] });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: p.id, name: "New Name", slug: p.slug });
    expect(res.body.environments).toEqual(["production", "staging", "development", "qa"]);
    expect((await getProject(p.id)).body).toEqual(res.body);
    const after = await orgState(fx.org.id);
    expect([after.audit - before.audit, after.outbox - before.outbox]).toEqual([1, 1]);
    const [entry] = (await auditRows(fx.org.id)).filter((a) => a.action === "project.updated");
    expect(entry!.changes).toMatchObject({ name: { from: "Old Name", to: "New Name" }, environments: { to: ["production", "staging", "development", "qa"] } });
  });

  it("sets allowed models and refuses ones that are not model ids or patterns", async () => {
    const p = await createTestProject(fx);
    const ok = await patch(p.id, { allowedModels: ["openai/gpt-4o-mini", "anthropic/*"] });
    expect(ok.body.allowedModels).toEqual(["openai/gpt-4o-mini", "anthropic/*"]);

    const before = await orgState(fx.org.id);
    for (const bad of [["gpt 4"], ["*"], ["openai/*/x*y"], [""], "openai/gpt-4o"]) {
      const res = await patch(p.id, { allowedModels: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.details[0].path).toMatch(/^allowedModels/);
    }
    expect(await orgState(fx.org.id)).toEqual(before);
  });

  it("writes nothing when nothing changes", async () => {
    const p = await createTestProject(fx, { name: "Same" });
    const before = await orgState(fx.org.id);
    const res = await patch(p.id, { name: "Same", environments: ["production"] });
    expect(res.status).toBe(200);
    expect(await orgState(fx.org.id)).toEqual(before);
  });

  it("answers 409 naming slug when it is another project's", async () => {
    const a = await createTestProject(fx);
    const b = await createTestProject(fx);
    const before = await orgState(fx.org.id);
    const res = await patch(b.id, { slug: a.slug });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual([{ path: "slug", message: expect.any(String) }]);
    expect(await orgState(fx.org.id)).toEqual(before);
  });

  it("answers 400 naming unknown fields", async () => {
    const p = await createTestProject(fx);
    const res = await patch(p.id, { archivedAt: null, id: "prj_x" });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["archivedAt", "id"]);
  });
});

describe("archive and restore", () => {
  it("archives, refuses changes and a second archive, then restores", async () => {
    const p = await createTestProject(fx);

    const archived = await post(archive, p.id, "archive");
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));

    const before = await orgState(fx.org.id);
    expect((await post(archive, p.id, "archive")).status).toBe(409);
    const refused = await patch(p.id, { name: "While Archived" });
    expect([refused.status, refused.body.error.code]).toEqual([409, "CONFLICT"]);
    expect(await orgState(fx.org.id)).toEqual(before);

    const restored = await post(restore, p.id, "restore");
    expect(restored.status).toBe(200);
    expect(restored.body.archivedAt).toBeNull();
    expect((await post(restore, p.id, "restore")).status).toBe(409);
    expect((await patch(p.id, { name: "After Restore" })).status).toBe(200);

    const actions = (await auditRows(fx.org.id)).filter((a) => a.targetId === p.id).map((a) => a.action).sort();
    expect(actions).toEqual(["project.archived", "project.created", "project.restored", "project.updated"]);
    const events = (await outboxRows(fx.org.id)).filter((e) => JSON.stringify(e.payload).includes(p.id)).map((e) => e.type).sort();
    expect(events).toEqual(actions);
  });
});
