import * as holdRoute from "@/app/api/v1/holds/[holdId]/release/route";
import * as effectiveRoute from "@/app/api/v1/keys/[keyId]/effective-limits/route";
import * as keyLimitsRoute from "@/app/api/v1/keys/[keyId]/limits/route";
import * as orgBudgetsRoute from "@/app/api/v1/organization/budgets/route";
import * as orgLimitsRoute from "@/app/api/v1/organization/limits/route";
import * as projectLimitsRoute from "@/app/api/v1/projects/[projectId]/limits/route";
import { apiRequest, call, type HeaderMap } from "./factories";
import { PLATFORM } from "./key-factories";

// Helpers for budgets, rate limits and holds (docs/limits.md), through the route handlers.

export type Level = "organization" | "project" | "key";

const ROUTES = {
  organization: { mod: orgLimitsRoute, path: () => "/organization/limits", params: (): Record<string, string> => ({}) },
  project: { mod: projectLimitsRoute, path: (id: string) => `/projects/${id}/limits`, params: (id: string) => ({ projectId: id }) },
  key: { mod: keyLimitsRoute, path: (id: string) => `/keys/${id}/limits`, params: (id: string) => ({ keyId: id }) },
};

/** PUT …/limits of a level (the id is ignored for the organization). */
export function putLimits(level: Level, id: string, body: unknown, headers: HeaderMap) {
  const r = ROUTES[level];
  return call(r.mod.PUT, apiRequest("PUT", r.path(id), { headers, body }), r.params(id));
}

export function getLimits(level: Level, id: string, headers: HeaderMap) {
  const r = ROUTES[level];
  return call(r.mod.GET, apiRequest("GET", r.path(id), { headers }), r.params(id));
}

export function getEffectiveLimits(keyId: string, headers: HeaderMap, model?: string) {
  const q = model ? `?model=${encodeURIComponent(model)}` : "";
  return call(effectiveRoute.GET, apiRequest("GET", `/keys/${keyId}/effective-limits${q}`, { headers }), { keyId });
}

export function getOrganizationBudgets(headers: HeaderMap) {
  return call(orgBudgetsRoute.GET, apiRequest("GET", "/organization/budgets", { headers }));
}

export function releaseHold(holdId: string, headers: HeaderMap = PLATFORM) {
  return call(holdRoute.POST, apiRequest("POST", `/holds/${holdId}/release`, { headers }), { holdId });
}

/** A monthly enforce budget body. */
export const monthBudget = (limitMicros: number, mode = "enforce") => ({ budgets: [{ period: "month", limitMicros, mode }] });
