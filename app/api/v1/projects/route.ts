import { createProjectRoute, listProjectsRoute } from "@/lib/api/specs/projects";
import { createProject, listProjects } from "@/lib/projects/service";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/projects — the projects the caller may read
export const GET = apiRoute(
  listProjectsRoute,
  ({ db, ctx, query }) => listProjects(db, ctx, { ...query, includeArchived: query.includeArchived === "true" }),
  { target: () => ({ kind: "projects" }) },
);

// POST /api/v1/projects — creates a project
export const POST = apiRoute(createProjectRoute, ({ db, ctx, body }) => createProject(db, ctx, body));
