import { restoreProjectRoute } from "@/lib/api/specs/projects";
import { restoreProject } from "@/lib/projects/service";
import { projectTarget } from "@/lib/projects/targets";
import { apiRoute } from "@/lib/server/route";

// POST /api/v1/projects/{projectId}/restore — restores an archived project
export const POST = apiRoute(restoreProjectRoute, ({ db, ctx, params }) => restoreProject(db, ctx, params.projectId), {
  target: projectTarget,
});
