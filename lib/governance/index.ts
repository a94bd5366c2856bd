import type { Queryable } from "@/db/client";
import type { Permission } from "@/lib/rbac";
import { notificationsCheck, webhooksCheck } from "./automation";
import { activeKeys, ownerlessKeysCheck, productionExpiryCheck, productionIpCheck, sharedEnvironmentsCheck } from "./keys";
import { adminsCheck, membersOf, ssoCoverageCheck } from "./people";
import { activeProjects, isolationCheck, modelsCheck } from "./teams";
import type { GovernanceCheck, GovernanceOrg } from "./types";

export type { GovernanceCheck } from "./types";

/**
 * The governance questions of docs/architecture.md (Governance overview) answered from live data. Each check appears
 * only when the viewer may see what it reads: projects (project.read organization-wide),
 * keys (key.read), members (member.read), SSO (security.read), webhooks (webhook.read).
 */
export async function governanceOverview(
  db: Queryable,
  /** the page's answer: does the viewer hold the permission organization-wide */
  allowed: (permission: Permission) => boolean,
  org: GovernanceOrg,
): Promise<GovernanceCheck[]> {
  const allProjects = allowed("project.read"); // organization-wide: a member with project roles does not pass
  const allKeys = allowed("key.read");
  const checks: GovernanceCheck[] = [];
  const projects = allProjects ? await activeProjects(db, org.id) : [];
  if (allProjects) checks.push(await isolationCheck(db, org, projects, allKeys));
  if (allKeys) {
    const keys = await activeKeys(db, org.id);
    checks.push(sharedEnvironmentsCheck(org, keys), productionIpCheck(org, keys), productionExpiryCheck(org, keys), ownerlessKeysCheck(org, keys));
  }
  if (allowed("member.read")) {
    const members = await membersOf(db, org.id);
    checks.push(adminsCheck(org, members));
    if (allowed("security.read")) checks.push(await ssoCoverageCheck(db, org, members));
  }
  if (allProjects) checks.push(modelsCheck(org, projects));
  if (allowed("webhook.read")) checks.push(await webhooksCheck(db, org));
  checks.push(await notificationsCheck(db, org));
  return checks;
}
