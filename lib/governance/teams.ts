import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { holdsInProjectSql } from "@/lib/rbac";
import { top, type GovernanceCheck, type GovernanceOrg } from "./types";

// Team questions: are projects separate teams, and which models may each use.

/** A member with roles in this many projects or more bridges teams. */
export const MANY_PROJECTS = 3;

type ProjectRow = {
  id: string;
  name: string;
  slug: string;
  allowed_models: string[];
  members: number;
  project_admins: number;
  keys: number;
  service_accounts: number;
};

export async function activeProjects(db: Queryable, organizationId: string): Promise<ProjectRow[]> {
  const result = await db.execute(sql`
    select p.id, p.name, p.slug, p.allowed_models,
      (select count(*)::int from project_members pm where pm.project_id = p.id) as members,
      (select count(*)::int from project_members pm where pm.project_id = p.id and ${holdsInProjectSql("pm", "project.members")}) as project_admins,
      (select count(*)::int from api_keys k where k.project_id = p.id and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())) as keys,
      (select count(*)::int from service_accounts sa where sa.project_id = p.id) as service_accounts
    from projects p
    where p.organization_id = ${organizationId} and p.archived_at is null
    order by p.name`);
  return rowsOf<ProjectRow>(result).map((r) => ({ ...r, members: Number(r.members), project_admins: Number(r.project_admins), keys: Number(r.keys), service_accounts: Number(r.service_accounts) }));
}

type BridgeRow = { user_id: string; label: string; projects: number; names: string[] };

async function membersInManyProjects(db: Queryable, organizationId: string): Promise<BridgeRow[]> {
  const result = await db.execute(sql`
    select pm.user_id, coalesce(u.name, u.email) as label, count(*)::int as projects, array_agg(p.name order by p.name) as names
    from project_members pm
    join projects p on p.id = pm.project_id and p.archived_at is null
    join users u on u.id = pm.user_id
    where pm.organization_id = ${organizationId}
    group by pm.user_id, u.name, u.email
    having count(*) >= ${MANY_PROJECTS}
    order by count(*) desc, label`);
  return rowsOf<BridgeRow>(result).map((r) => ({ ...r, projects: Number(r.projects) }));
}

export async function isolationCheck(db: Queryable, org: GovernanceOrg, projects: ProjectRow[], showKeys: boolean): Promise<GovernanceCheck> {
  const bridges = await membersInManyProjects(db, org.id);
  const keysWithoutAdmin = projects.filter((p) => p.keys > 0 && p.project_admins === 0);
  const items = [
    ...bridges.map((b) => ({
      label: b.label,
      detail: `has roles in ${b.projects} projects: ${b.names.join(", ")}`,
      href: `/${org.slug}/members`,
    })),
    ...projects.map((p) => ({
      label: p.name,
      detail: `${p.members} ${p.members === 1 ? "member" : "members"} with a project role${showKeys ? `, ${p.keys} active ${p.keys === 1 ? "key" : "keys"}, ${p.service_accounts} service ${p.service_accounts === 1 ? "account" : "accounts"}` : ""}${p.keys > 0 && p.project_admins === 0 ? "; no project admin" : ""}`,
      href: `/${org.slug}/projects/${p.slug}/members`,
    })),
  ];
  return {
    id: "team-isolation",
    question: "Which teams are isolated from each other?",
    status: bridges.length ? "attention" : "ok",
    summary: bridges.length
      ? `${bridges.length} ${bridges.length === 1 ? "member has" : "members have"} roles in ${MANY_PROJECTS} or more projects, bridging teams.`
      : `${projects.length} active ${projects.length === 1 ? "project keeps" : "projects keep"} their own members and keys; no member spans ${MANY_PROJECTS} or more of them.`,
    definition: `Each project is a team boundary: its own members (project roles), keys and service accounts; organization owners and admins reach every project by role. Attention when a member holds roles in ${MANY_PROJECTS} or more active projects. Projects with keys but no project admin are marked: owners and admins are then their only managers.`,
    counts: [
      { label: "active projects", value: projects.length },
      { label: `members in ${MANY_PROJECTS}+ projects`, value: bridges.length },
      { label: "projects with keys but no project admin", value: keysWithoutAdmin.length },
    ],
    ...top(items),
    fix: { href: `/${org.slug}/projects`, label: "Review projects and their members" },
  };
}

export function modelsCheck(org: GovernanceOrg, projects: ProjectRow[]): GovernanceCheck {
  const unrestricted = projects.filter((p) => p.allowed_models.length === 0);
  const orgOpen = org.allowedModels.length === 0;
  const inherits = orgOpen ? "every model of the catalog" : `the organization's list (${org.allowedModels.join(", ")})`;
  return {
    id: "models",
    question: "Which models may each team use?",
    status: orgOpen && unrestricted.length ? "attention" : "ok",
    summary: unrestricted.length
      ? `${unrestricted.length} of ${projects.length} active ${projects.length === 1 ? "project has" : "projects have"} no model restriction and may use ${inherits}.`
      : `Every active project (${projects.length}) names the models it may use.`,
    definition:
      "Allowed models = organization ∩ project ∩ key; an empty list inherits the level above. Attention when the organization allows every model and a project does not narrow it: its keys can call any model, including the most expensive.",
    counts: [
      { label: "projects without restriction", value: unrestricted.length },
      { label: "models allowed organization-wide", value: org.allowedModels.length },
    ],
    ...top([
      ...unrestricted.map((p) => ({ label: p.name, detail: `no restriction: ${inherits}`, href: `/${org.slug}/projects/${p.slug}` })),
      ...projects.filter((p) => p.allowed_models.length > 0).map((p) => ({ label: p.name, detail: `limited to ${p.allowed_models.join(", ")}`, href: `/${org.slug}/projects/${p.slug}` })),
    ]),
    fix: { href: `/${org.slug}/models`, label: orgOpen ? "Set the organization's allowed models" : "Review allowed models" },
  };
}
