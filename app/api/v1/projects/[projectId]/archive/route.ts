import { archiveProjectRoute } from "@/lib/api/specs/projects";
import { archiveProject } from "@/lib/projects/service";
import { projectTarget } from "@/lib/projects/targets";
import { apiRoute } from "@/lib/server/route";

// POST /api/v1/projects/{projectId}/archive — archives a project
export const POST = apiRoute(archiveProjectRoute, ({ db, ctx, params }) => archiveProject(db, ctx, params.projectId), {
  target: projectTarget,
});
