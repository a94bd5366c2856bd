import type { RouteSpec } from "../spec";
import * as adminKeys from "./admin-keys";
import * as organization from "./organization";
import * as projects from "./projects";

/** Every Admin API route that exists, for the OpenAPI document. */
export const ALL_ROUTES: RouteSpec[] = [organization, projects, adminKeys].flatMap((mod) =>
  Object.values(mod).filter((v): v is RouteSpec => typeof v === "object" && v !== null && "method" in v && "path" in v),
);
