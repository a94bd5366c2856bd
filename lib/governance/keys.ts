import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { top, type GovernanceCheck, type GovernanceOrg } from "./types";
import { holdsOrgWideSql } from "@/lib/rbac";

// Key questions: environments sharing an owner, production keys without an IP allowlist or
// an expiry, keys whose owner is gone. "Active" = not revoked, not expired, project not archived.

export const PRODUCTION = "production";

type KeyRow = {
  id: string;
  name: string;
  project_id: string;
  project_name: string;
  project_slug: string;
  environment: string;
  owner_user_id: string | null;
  owner_sa_id: string | null;
  owner_label: string | null;
  ip_allowlist_empty: boolean;
  expires_at: string | null;
  owner_is_member: boolean | null;
  owner_lost_access: boolean;
};

/** Every active key of the organization with what the checks need (one query). */
export async function activeKeys(db: Queryable, organizationId: string): Promise<KeyRow[]> {
  const result = await db.execute(sql`
    select k.id, k.name, k.project_id, p.name as project_name, p.slug as project_slug, e.name as environment,
           k.owner_user_id, k.owner_service_account_id as owner_sa_id,
           coalesce(sa.name, u.name, u.email) as owner_label,
           cardinality(k.ip_allowlist) = 0 as ip_allowlist_empty,
           k.expires_at,
           m.user_id is not null as owner_is_member,
           (k.owner_user_id is not null and (m.user_id is null or (not ${holdsOrgWideSql("m", "project.read")} and pm.user_id is null))) as owner_lost_access
    from api_keys k
    join projects p on p.id = k.project_id
    join environments e on e.id = k.environment_id
    left join service_accounts sa on sa.id = k.owner_service_account_id
    left join users u on u.id = k.owner_user_id
    left join memberships m on m.organization_id = k.organization_id and m.user_id = k.owner_user_id
    left join project_members pm on pm.project_id = k.project_id and pm.user_id = k.owner_user_id
    where k.organization_id = ${organizationId}
      and k.revoked_at is null
      and (k.expires_at is null or k.expires_at > now())
      and p.archived_at is null
    order by p.name, e.name, k.name`);
  return rowsOf<KeyRow>(result);
}

const keyHref = (org: GovernanceOrg, k: KeyRow) => `/${org.slug}/projects/${k.project_slug}/keys/${k.id}`;

export function sharedEnvironmentsCheck(org: GovernanceOrg, keys: KeyRow[]): GovernanceCheck {
  // owner → project → environments
  const byOwner = new Map<string, { label: string; kind: string; project: KeyRow; envs: Set<string> }>();
  for (const k of keys) {
    const owner = k.owner_sa_id ? `sa:${k.owner_sa_id}` : k.owner_user_id ? `user:${k.owner_user_id}` : null;
    if (!owner) continue;
    const id = `${owner}|${k.project_id}`;
    const entry = byOwner.get(id) ?? { label: k.owner_label ?? "unknown", kind: k.owner_sa_id ? "Service account" : "Member", project: k, envs: new Set() };
    entry.envs.add(k.environment);
    byOwner.set(id, entry);
  }
  const shared = [...byOwner.values()].filter((o) => o.envs.has(PRODUCTION) && o.envs.size > 1);
  const projects = new Set(shared.map((s) => s.project.project_id));
  return {
    id: "shared-environments",
    question: "Do staging and local usage stay away from production keys?",
    status: shared.length ? "attention" : "ok",
    summary: shared.length
      ? `${shared.length} key ${shared.length === 1 ? "owner holds" : "owners hold"} keys in production and in another environment of the same project (${projects.size} ${projects.size === 1 ? "project" : "projects"}).`
      : "No key owner holds both production and non-production keys of a project.",
    definition:
      "An owner (a member or a service account) that holds active keys in a project's production environment and in any other environment of that project. Every key belongs to one environment, but when one identity holds both, a staging or local setup sits next to production credentials and the two cannot be told apart or revoked apart by owner: give production its own service account.",
    counts: [
      { label: "owners spanning environments", value: shared.length },
      { label: "projects affected", value: projects.size },
    ],
    ...top(
      shared.map((s) => ({
        label: `${s.kind} ${s.label} in ${s.project.project_name}`,
        detail: `holds keys in ${[...s.envs].sort().join(", ")}`,
        href: `/${org.slug}/projects/${s.project.project_slug}/keys`,
      })),
    ),
    fix: { href: `/${org.slug}/projects`, label: "Review project keys" },
  };
}

export function productionIpCheck(org: GovernanceOrg, keys: KeyRow[]): GovernanceCheck {
  const prod = keys.filter((k) => k.environment === PRODUCTION);
  const open = prod.filter((k) => k.ip_allowlist_empty);
  return {
    id: "production-ip-allowlist",
    question: "Which production keys can be used from anywhere?",
    status: open.length ? "attention" : "ok",
    summary: open.length
      ? `${open.length} of ${prod.length} active production ${prod.length === 1 ? "key has" : "keys have"} no IP allowlist.`
      : prod.length
        ? `Every active production key (${prod.length}) has an IP allowlist.`
        : "There are no active production keys.",
    definition: "Active keys of an environment named production whose IP allowlist is empty: any address may call with them.",
    counts: [
      { label: "production keys", value: prod.length },
      { label: "without IP allowlist", value: open.length },
    ],
    ...top(open.map((k) => ({ label: `${k.name} (${k.project_name})`, detail: "no IP allowlist", href: keyHref(org, k) }))),
    fix: { href: `/${org.slug}/security`, label: "Require an IP allowlist for production keys" },
  };
}

export function productionExpiryCheck(org: GovernanceOrg, keys: KeyRow[]): GovernanceCheck {
  const prod = keys.filter((k) => k.environment === PRODUCTION);
  const forever = prod.filter((k) => !k.expires_at);
  return {
    id: "production-expiry",
    question: "Which production keys never expire?",
    status: forever.length ? "attention" : "ok",
    summary: forever.length
      ? `${forever.length} of ${prod.length} active production ${prod.length === 1 ? "key has" : "keys have"} no expiry date.`
      : prod.length
        ? `Every active production key (${prod.length}) expires.`
        : "There are no active production keys.",
    definition: "Active keys of an environment named production without an expiry date.",
    counts: [
      { label: "production keys", value: prod.length },
      { label: "without expiry", value: forever.length },
    ],
    ...top(forever.map((k) => ({ label: `${k.name} (${k.project_name})`, detail: "never expires", href: keyHref(org, k) }))),
    fix: { href: `/${org.slug}/security`, label: "Require an expiry in the key policy" },
  };
}

export function ownerlessKeysCheck(org: GovernanceOrg, keys: KeyRow[]): GovernanceCheck {
  const orphaned = keys.filter((k) => (!k.owner_user_id && !k.owner_sa_id) || k.owner_lost_access);
  return {
    id: "keys-without-owner",
    question: "Does every key have an owner who is still here?",
    status: orphaned.length ? "attention" : "ok",
    summary: orphaned.length
      ? `${orphaned.length} active ${orphaned.length === 1 ? "key has" : "keys have"} no owner, or an owner who lost access.`
      : `Every active key (${keys.length}) has an owner with access to its project.`,
    definition:
      "Active keys whose owner was deleted (the member's account or the service account no longer exists), whose owner is no longer a member of the organization, or whose owner is a member without a role in the key's project. They keep working: transfer them to a service account or revoke them.",
    counts: [
      { label: "active keys", value: keys.length },
      { label: "without an owner with access", value: orphaned.length },
    ],
    ...top(
      orphaned.map((k) => ({
        label: `${k.name} (${k.project_name}, ${k.environment})`,
        detail: !k.owner_user_id && !k.owner_sa_id ? "owner deleted" : k.owner_is_member ? `${k.owner_label} has no role in the project` : `${k.owner_label} left the organization`,
        href: keyHref(org, k),
      })),
    ),
  };
}
