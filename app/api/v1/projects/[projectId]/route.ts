import { getProjectRoute, updateProjectRoute } from "@/lib/api/specs/projects";
import { getProject, updateProject } from "@/lib/projects/service";
import { projectTarget } from "@/lib/projects/targets";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/projects/{projectId} — reads a project
export const GET = apiRoute(getProjectRoute, ({ db, ctx, params }) => getProject(db, ctx, params.projectId), {
  target: projectTarget,
});

// PATCH /api/v1/projects/{projectId} — changes a project
export const PATCH = apiRoute(
  updateProjectRoute,
  ({ db, ctx, params, body }) => updateProject(db, ctx, params.projectId, body),
  { target: projectTarget },
);
