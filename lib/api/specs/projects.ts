import { z } from "zod";
import { createProjectInput, listProjectsQuery, updateProjectInput } from "@/lib/projects/schemas";
import { defineRoute } from "../spec";

export const projectParams = z.object({ projectId: z.string().min(1).max(100) });

export const listProjectsRoute = defineRoute({
  method: "GET",
  path: "/projects",
  summary: "List the projects the caller may read",
  tag: "Projects",
  permission: "project.read",
  query: listProjectsQuery,
});

export const createProjectRoute = defineRoute({
  method: "POST",
  path: "/projects",
  summary: "Create a project (environments default to production, staging, development)",
  tag: "Projects",
  permission: "project.create",
  body: createProjectInput,
  status: 201,
});

export const getProjectRoute = defineRoute({
  method: "GET",
  path: "/projects/{projectId}",
  summary: "Read a project",
  tag: "Projects",
  permission: "project.read",
  params: projectParams,
});

export const updateProjectRoute = defineRoute({
  method: "PATCH",
  path: "/projects/{projectId}",
  summary: "Change a project's name, slug, description, allowed models; add environments",
  tag: "Projects",
  permission: "project.update",
  params: projectParams,
  body: updateProjectInput,
});

export const archiveProjectRoute = defineRoute({
  method: "POST",
  path: "/projects/{projectId}/archive",
  summary: "Archive a project: its keys stop verifying and it becomes read-only",
  tag: "Projects",
  permission: "project.archive",
  params: projectParams,
});

export const restoreProjectRoute = defineRoute({
  method: "POST",
  path: "/projects/{projectId}/restore",
  summary: "Restore an archived project",
  tag: "Projects",
  permission: "project.archive",
  params: projectParams,
});
