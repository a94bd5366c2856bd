import { beforeAll, describe, expect, it } from "vitest";
import { POST as archive } from "@/app/api/v1/projects/[projectId]/archive/route";
import { GET as getOne, PATCH } from "@/app/api/v1/projects/[projectId]/route";
import { GET as list, POST as create } from "@/app/api/v1/projects/route";
import type { ProjectView } from "@/lib/projects/service";
import {
  addMember,
  addProjectMember,
  apiRequest,
  asSession,
  call,
  createOrg,
  createSession,
  createTestProject,
  orgState,
  type OrgFixture,
} from "../factories";

// Organization `member`s act only in their projects, with their project role (spec/rbac.md).
let fx: OrgFixture;
let mine: ProjectView;
let theirs: ProjectView;
let foreign: ProjectView;
const cookies = {} as Record<"viewer" | "developer" | "project_admin" | "security", string>;

beforeAll(async () => {
  fx = await createOrg();
  mine = await createTestProject(fx, { name: "Mine" });
  theirs = await createTestProject(fx, { name: "Theirs" });
  foreign = await createTestProject(await createOrg(), { name: "Foreign" });
  for (const role of ["viewer", "developer", "project_admin"] as const) {
    const user = await addMember(fx.org.id, "member");
    await addProjectMember(mine.id, user, role);
    cookies[role] = await createSession(user);
  }
  cookies.security = await createSession(await addMember(fx.org.id, "security"));
});

const as = (role: keyof typeof cookies) => asSession(cookies[role]);
const listAs = (role: keyof typeof cookies) => call(list, apiRequest("GET", "/projects?includeArchived=true", { headers: as(role) }));
const getAs = (role: keyof typeof cookies, projectId: string) =>
  call(getOne, apiRequest("GET", `/projects/${projectId}`, { headers: as(role) }), { projectId });
const patchAs = (role: keyof typeof cookies, projectId: string, body: unknown) =>
  call(PATCH, apiRequest("PATCH", `/projects/${projectId}`, { headers: as(role), body }), { projectId });

describe("a member with a project role", () => {
  it("sees only their project in GET /projects", async () => {
    for (const role of ["viewer", "developer", "project_admin"] as const) {
      const res = await listAs(role);
      expect(res.status, role).toBe(200);
      expect(res.body.data.map((p: { id: string }) => p.id), role).toEqual([mine.id]);
    }
  });

  it("reads their project, not another project of the organization (403) or organization (404)", async () => {
    expect((await getAs("viewer", mine.id)).status).toBe(200);
    expect((await getAs("viewer", theirs.id)).status).toBe(403);
    expect((await getAs("viewer", foreign.id)).status).toBe(404);
  });

  it("as a viewer or developer cannot change the project, and nothing is written", async () => {
    for (const role of ["viewer", "developer"] as const) {
      const before = await orgState(fx.org.id);
      const res = await patchAs(role, mine.id, { name: "Taken Over" });
      expect(res.status, role).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
      expect(await orgState(fx.org.id)).toEqual(before);
    }
  });

  it("as a project admin changes their project, but not others", async () => {
    const res = await patchAs("project_admin", mine.id, { description: "Run by its project admin" });
    expect(res.status).toBe(200);
    expect(res.body.description).toBe("Run by its project admin");

    const before = await orgState(fx.org.id);
    expect((await patchAs("project_admin", theirs.id, { name: "Not Mine" })).status).toBe(403);
    expect((await patchAs("project_admin", foreign.id, { name: "Not Ours" })).status).toBe(404);
    expect(await orgState(fx.org.id)).toEqual(before);
  });

  it("as a project admin archives their project but cannot create projects", async () => {
    const p = await createTestProject(fx, { name: "Archivable" });
    const user = await addMember(fx.org.id, "member");
    await addProjectMember(p.id, user, "project_admin");
    const headers = asSession(await createSession(user));

    const archived = await call(archive, apiRequest("POST", `/projects/${p.id}/archive`, { headers }), { projectId: p.id });
    expect(archived.status).toBe(200);
    expect((await call(archive, apiRequest("POST", `/projects/${theirs.id}/archive`, { headers }), { projectId: theirs.id })).status).toBe(403);
    expect((await call(create, apiRequest("POST", "/projects", { headers, body: { name: "New" } }))).status).toBe(403);
  });
});

describe("an organization role without project roles", () => {
  it("security reads every project of the organization but changes none", async () => {
    const res = await listAs("security");
    expect(res.body.data.map((p: { id: string }) => p.id).sort()).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect(res.body.data.map((p: { id: string }) => p.id)).not.toContain(foreign.id);
    expect((await patchAs("security", mine.id, { name: "Security Edit" })).status).toBe(403);
  });
});
