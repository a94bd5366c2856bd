import { z } from "zod";
import { effectiveLimitsQuery, limitsInput } from "@/lib/limits/schemas";
import { defineRoute } from "../spec";
import { keyParams } from "./keys";
import { projectParams } from "./projects";

// Budgets and rate limits at each level (docs/limits.md). Reading needs usage.read on the
// target; each section of a change needs its own permission, declared here once.
const DESCRIPTION =
  "Each section given replaces that section whole; a section left out is kept. `budgets` needs budget.manage; `rateLimits` needs the permission named in x-field-permissions.";

const limitsRoutes = <P extends z.ZodType>(path: string, rateLimitPermission: "org.update" | "project.update" | "key.update", what: string, params?: P) => ({
  get: defineRoute({ method: "GET", path, summary: `The budgets (with this period's spend) and rate limits of ${what}`, tag: "Limits", permission: "usage.read", params }),
  put: defineRoute({
    method: "PUT",
    path,
    summary: `Set the budgets and rate limits of ${what}`,
    description: DESCRIPTION,
    tag: "Limits",
    permission: "usage.read",
    fieldPermissions: { budgets: "budget.manage", rateLimits: rateLimitPermission },
    params,
    body: limitsInput,
  }),
});

const org = limitsRoutes("/organization/limits", "org.update", "the organization");
const project = limitsRoutes("/projects/{projectId}/limits", "project.update", "a project", projectParams);
const key = limitsRoutes("/keys/{keyId}/limits", "key.update", "a key", keyParams);

export const getOrganizationLimitsRoute = org.get;
export const putOrganizationLimitsRoute = org.put;
export const getProjectLimitsRoute = project.get;
export const putProjectLimitsRoute = project.put;
export const getKeyLimitsRoute = key.get;
export const putKeyLimitsRoute = key.put;

export const effectiveLimitsRoute = defineRoute({
  method: "GET",
  path: "/keys/{keyId}/effective-limits",
  summary: "Every limit on a key's chain (key, project, organization) for a model, with used, held, remaining and reset time, and the one that decides",
  tag: "Limits",
  permission: "usage.read",
  params: keyParams,
  query: effectiveLimitsQuery,
});

export const organizationBudgetsRoute = defineRoute({
  method: "GET",
  path: "/organization/budgets",
  summary: "Every budget of the organization (its own, its projects', its keys') with this period's spend, percent used and the forecast to period end, closest to its limit first",
  tag: "Limits",
  permission: "usage.read",
});
