"use server";

import type { Queryable } from "@/db/client";
import { addEnvironment, archiveProject, restoreProject, updateProject } from "@/lib/projects/service";
import { addEnvironmentInput, projectRefInput, updateProjectFormInput } from "@/lib/projects/schemas";
import { projectTarget } from "@/lib/projects/targets";
import { orgAction } from "@/lib/server/action";
import type { RequestContext } from "@/lib/core/context";

// Each action names the project by id; the target loads it within the caller's organization
// (another organization's project answers NOT_FOUND) before the permission is checked on it.
const target = ({ db, ctx, input }: { db: Queryable; ctx: RequestContext; input: { projectId: string } }) =>
  projectTarget({ db, ctx, params: { projectId: input.projectId } });

export const updateProjectAction = orgAction(
  { input: updateProjectFormInput, permission: "project.update", target },
  async ({ tx, ctx, input: { projectId, ...fields } }) => {
    await updateProject(tx, ctx, projectId, fields);
    return null;
  },
);

export const addEnvironmentAction = orgAction(
  { input: addEnvironmentInput, permission: "project.update", target },
  async ({ tx, ctx, input }) => {
    await addEnvironment(tx, ctx, input.projectId, input.name);
    return { name: input.name };
  },
);

export const archiveProjectAction = orgAction(
  { input: projectRefInput, permission: "project.archive", target },
  async ({ tx, ctx, input }) => {
    await archiveProject(tx, ctx, input.projectId);
    return null;
  },
);

export const restoreProjectAction = orgAction(
  { input: projectRefInput, permission: "project.archive", target },
  async ({ tx, ctx, input }) => {
    await restoreProject(tx, ctx, input.projectId);
    return null;
  },
);
