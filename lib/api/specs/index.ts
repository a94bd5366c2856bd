import type { RouteSpec } from "../spec";
import * as adminKeys from "./admin-keys";
import * as billing from "./billing";
import * as audit from "./audit";
import * as keys from "./keys";
import * as limits from "./limits";
import * as members from "./members";
import * as organization from "./organization";
import * as platform from "./platform";
import * as projects from "./projects";
import * as roles from "./roles";
import * as security from "./security";
import * as sso from "./sso";
import * as usage from "./usage";
import * as webhooks from "./webhooks";

/** Every route of the HTTP contract that exists, for the OpenAPI document. */
export const ALL_ROUTES: RouteSpec[] = [organization, projects, keys, limits, adminKeys, members, roles, webhooks, usage, audit, billing, sso, security, platform].flatMap((mod) =>
  Object.values(mod).filter((v): v is RouteSpec => typeof v === "object" && v !== null && "method" in v && "path" in v),
);
