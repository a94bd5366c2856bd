import type { Queryable } from "@/db/client";
import { can, type Principal } from "@/lib/rbac";
import { notificationsCheck, webhooksCheck } from "./automation";
import { activeKeys, ownerlessKeysCheck, productionExpiryCheck, productionIpCheck, sharedEnvironmentsCheck } from "./keys";
import { adminsCheck, membersOf, ssoCoverageCheck } from "./people";
import { activeProjects, isolationCheck, modelsCheck } from "./teams";
import type { GovernanceCheck, GovernanceOrg } from "./types";

export type { GovernanceCheck } from "./types";

/**
 * The governance questions of spec/README.md answered from live data. Each check appears
 * only when the viewer may see what it reads: projects (project.read organization-wide),
 * keys (key.read), members (member.read), SSO (security.read), webhooks (webhook.read).
 */
export async function governanceOverview(db: Queryable, principal: Principal, org: GovernanceOrg): Promise<GovernanceCheck[]> {
  const allProjects = can(principal, "project.read"); // organization-wide: a member with project roles does not pass
  const allKeys = can(principal, "key.read");
  const checks: GovernanceCheck[] = [];
  const projects = allProjects ? await activeProjects(db, org.id) : [];
  if (allProjects) checks.push(await isolationCheck(db, org, projects, allKeys));
  if (allKeys) {
    const keys = await activeKeys(db, org.id);
    checks.push(sharedEnvironmentsCheck(org, keys), productionIpCheck(org, keys), productionExpiryCheck(org, keys), ownerlessKeysCheck(org, keys));
  }
  if (can(principal, "member.read")) {
    const members = await membersOf(db, org.id);
    checks.push(adminsCheck(org, members));
    if (can(principal, "security.read")) checks.push(await ssoCoverageCheck(db, org, members));
  }
  if (allProjects) checks.push(modelsCheck(org, projects));
  if (can(principal, "webhook.read")) checks.push(await webhooksCheck(db, org));
  checks.push(await notificationsCheck(db, org));
  return checks;
}
