"use server";

import { createProject } from "@/lib/projects/service";
import { createProjectInput } from "@/lib/projects/schemas";
import { orgAction } from "@/lib/server/action";

export const createProjectAction = orgAction(
  { input: createProjectInput, permission: "project.create" },
  async ({ tx, ctx, input }) => {
    const project = await createProject(tx, ctx, input);
    return { name: project.name, slug: project.slug };
  },
);
