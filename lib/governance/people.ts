import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { hasFeature } from "@/lib/orgs/plans";
import { top, type GovernanceCheck, type GovernanceOrg } from "./types";

// People questions: who holds the keys to the organization, and who comes in outside SSO.

/** More admins than this, and more than a quarter of the members, is "many". */
export const MANY_ADMINS = 3;

type MemberRow = { user_id: string; email: string; label: string; role: string };

export async function membersOf(db: Queryable, organizationId: string): Promise<MemberRow[]> {
  const result = await db.execute(sql`
    select m.user_id, u.email, coalesce(u.name, u.email) as label, m.role::text as role
    from memberships m join users u on u.id = m.user_id
    where m.organization_id = ${organizationId}
    order by u.email`);
  return rowsOf<MemberRow>(result);
}

export function adminsCheck(org: GovernanceOrg, members: MemberRow[]): GovernanceCheck {
  const owners = members.filter((m) => m.role === "owner");
  const admins = members.filter((m) => m.role === "admin");
  const oneOwner = owners.length === 1;
  const manyAdmins = admins.length > MANY_ADMINS && admins.length * 4 > members.length;
  const problems = [oneOwner && "only one owner: if they leave or lose access, nobody can transfer ownership or delete the organization", manyAdmins && `${admins.length} admins of ${members.length} members`].filter(Boolean);
  return {
    id: "admins-owners",
    question: "Who can invite members or rotate keys?",
    status: problems.length ? "attention" : "ok",
    summary: problems.length
      ? `${owners.length} ${owners.length === 1 ? "owner" : "owners"} and ${admins.length} ${admins.length === 1 ? "admin" : "admins"}: ${problems.join("; ")}.`
      : `${owners.length} owners and ${admins.length} ${admins.length === 1 ? "admin" : "admins"} among ${members.length} members.`,
    definition: `Owners and admins invite and remove members and manage every key. Attention with a single owner (no second person can recover the organization), or with more than ${MANY_ADMINS} admins making up more than a quarter of the members (admin rights should stay with a few named people, never a shared account).`,
    counts: [
      { label: "owners", value: owners.length },
      { label: "admins", value: admins.length },
      { label: "members", value: members.length },
    ],
    ...top([...owners, ...admins].map((m) => ({ label: m.label, detail: m.role === "owner" ? `owner · ${m.email}` : `admin · ${m.email}`, href: `/${org.slug}/members` }))),
    fix: { href: `/${org.slug}/members`, label: "Review roles" },
  };
}

type SsoRow = { user_id: string; email: string; label: string; domain_verified: boolean; used_sso: boolean };

export async function ssoCoverageCheck(db: Queryable, org: GovernanceOrg, members: MemberRow[]): Promise<GovernanceCheck> {
  const base = {
    id: "members-outside-sso",
    question: "Which members sign in outside single sign-on?",
    definition:
      "With verified domains: members whose address is outside them, or who have never signed in through one of the organization's SSO connections (a linked identity sso:<connection>, or a session opened through it).",
    fix: { href: `/${org.slug}/security/domains`, label: "Manage domains and enforcement" },
  };
  if (!hasFeature(org.plan, "sso")) {
    return { ...base, status: "info", summary: "Single sign-on is not part of this plan: it needs the Enterprise plan. Every member signs in with an email link.", counts: [{ label: "members", value: members.length }], items: [], itemCount: 0 };
  }
  const result = await db.execute(sql`
    with verified as (select domain from sso_domains where organization_id = ${org.id} and verified_at is not null),
         connections as (select id from sso_connections where organization_id = ${org.id})
    select m.user_id, u.email, coalesce(u.name, u.email) as label,
      exists (select 1 from verified v where lower(split_part(u.email, '@', 2)) = v.domain) as domain_verified,
      (exists (select 1 from accounts a where a.user_id = m.user_id and a.provider in (select 'sso:' || id from connections))
        or exists (select 1 from sessions s where s.user_id = m.user_id and s.sso_connection_id in (select id from connections))) as used_sso
    from memberships m join users u on u.id = m.user_id
    where m.organization_id = ${org.id}
    order by u.email`);
  const rows = rowsOf<SsoRow>(result);
  const domains = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from sso_domains where organization_id = ${org.id} and verified_at is not null`))[0]?.n ?? 0;
  if (Number(domains) === 0) {
    return { ...base, status: "info", summary: "No verified domain yet: verify your email domain to know who signs in outside SSO.", counts: [{ label: "members", value: rows.length }], items: [], itemCount: 0 };
  }
  const outsideDomain = rows.filter((r) => !r.domain_verified);
  const neverSso = rows.filter((r) => r.domain_verified && !r.used_sso);
  return {
    ...base,
    status: outsideDomain.length + neverSso.length ? "attention" : "ok",
    summary:
      outsideDomain.length + neverSso.length
        ? `${outsideDomain.length} ${outsideDomain.length === 1 ? "member is" : "members are"} outside the verified domains and ${neverSso.length} ${neverSso.length === 1 ? "has" : "have"} never signed in through SSO.`
        : `All ${rows.length} members are on verified domains and have signed in through SSO.`,
    counts: [
      { label: "verified domains", value: Number(domains) },
      { label: "outside verified domains", value: outsideDomain.length },
      { label: "never signed in with SSO", value: neverSso.length },
    ],
    ...top([
      ...outsideDomain.map((r) => ({ label: r.label, detail: `${r.email}: not on a verified domain`, href: `/${org.slug}/members` })),
      ...neverSso.map((r) => ({ label: r.label, detail: `${r.email}: never signed in through SSO`, href: `/${org.slug}/security/sessions` })),
    ]),
  };
}
