import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/sql";
import type { BudgetPeriod, LimitLevel } from "@/db/schema";
import { env } from "@/lib/env";
import { queueEmail } from "@/lib/email/queue";
import { formatMicros } from "@/lib/models/price";
import { optedOut } from "@/lib/notifications/preferences";
import { holdsInProjectSql, holdsOrgWideSql } from "@/lib/rbac";
import { RECEIVERS } from "@/lib/notifications/categories";

/** What a budget belongs to, as events and emails name it. */
export type BudgetTarget = {
  level: LimitLevel;
  id: string;
  name: string;
  organizationId: string;
  organizationSlug: string;
  organizationName: string;
  /** the project of a project or key budget */
  project: { id: string; name: string; slug: string } | null;
  /** the user who owns a key */
  keyOwnerUserId: string | null;
};

export type Alert = { target: BudgetTarget; period: BudgetPeriod; periodStart: string; threshold: number; spentMicros: number; limitMicros: number; blockedUntil: string | null };

/** A budget's target with the names its events and emails show. */
export async function budgetTarget(tx: Queryable, level: LimitLevel, id: string): Promise<BudgetTarget | null> {
  const [row] = rowsOf<{ name: string; org_id: string; org_slug: string; org_name: string; project_id: string | null; project_name: string | null; project_slug: string | null; owner: string | null }>(
    await tx.execute(
      level === "organization"
        ? sql`select o.name, o.id as org_id, o.slug as org_slug, o.name as org_name, null as project_id, null as project_name, null as project_slug, null as owner
              from organizations o where o.id = ${id}`
        : level === "project"
          ? sql`select p.name, o.id as org_id, o.slug as org_slug, o.name as org_name, p.id as project_id, p.name as project_name, p.slug as project_slug, null as owner
                from projects p join organizations o on o.id = p.organization_id where p.id = ${id}`
          : sql`select k.name, o.id as org_id, o.slug as org_slug, o.name as org_name, p.id as project_id, p.name as project_name, p.slug as project_slug, k.owner_user_id as owner
                from api_keys k join projects p on p.id = k.project_id join organizations o on o.id = k.organization_id where k.id = ${id}`,
    ),
  );
  if (!row) return null;
  return {
    level,
    id,
    name: row.name,
    organizationId: row.org_id,
    organizationSlug: row.org_slug,
    organizationName: row.org_name,
    project: row.project_id ? { id: row.project_id, name: row.project_name!, slug: row.project_slug! } : null,
    keyOwnerUserId: row.owner,
  };
}

/**
 * Who hears about a budget, less those who turned budget alerts off: for the organization those
 * who read its billing (owners, admins, finance owners, custom roles with billing.read); for a project those and its project admins; for a key its
 * owner (the project's admins for a key a service account owns).
 */
async function recipients(tx: Queryable, t: BudgetTarget): Promise<string[]> {
  const orgPeople = sql`select u.id, u.email from memberships m join users u on u.id = m.user_id
    where m.organization_id = ${t.organizationId} and ${holdsOrgWideSql("m", RECEIVERS.budget)}`;
  const projectAdmins = sql`select u.id, u.email from project_members pm join users u on u.id = pm.user_id
    where pm.project_id = ${t.project?.id ?? ""} and ${holdsInProjectSql("pm", "project.update")}`;
  const query =
    t.level === "organization"
      ? orgPeople
      : t.level === "project"
        ? sql`${orgPeople} union ${projectAdmins}`
        : t.keyOwnerUserId
          ? sql`select u.id, u.email from users u where u.id = ${t.keyOwnerUserId}`
          : projectAdmins;
  const rows = rowsOf<{ id: string; email: string }>(await tx.execute(query));
  const off = await optedOut(tx, t.organizationId, "budget", rows.map((r) => r.id));
  return rows.filter((r) => !off.has(r.id)).map((r) => r.email).sort();
}

const date = (day: string, options: Intl.DateTimeFormatOptions) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { ...options, timeZone: "UTC" });

/** "December 2026", "the week of Nov 30, 2026", "Dec 4, 2026" (UTC periods). */
export function periodName(period: BudgetPeriod, start: string): string {
  if (period === "month") return date(start, { month: "long", year: "numeric" });
  const day = date(start, { month: "short", day: "numeric", year: "numeric" });
  return period === "week" ? `the week of ${day}` : day;
}

/** The props of the "budget-alert" React template (rendered by the background loop). */
export function alertProps(alert: Alert) {
  const { target, threshold, spentMicros, limitMicros, blockedUntil } = alert;
  const base = env().AUTH_URL ?? `http://localhost:${env().PORT}`;
  const page = target.project ? `${base}/${target.organizationSlug}/projects/${target.project.slug}/usage` : `${base}/${target.organizationSlug}/usage`;
  return {
    organizationName: target.organizationName,
    projectName: target.name,
    level: target.level,
    period: alert.period,
    threshold,
    monthName: periodName(alert.period, alert.periodStart),
    spent: formatMicros(spentMicros),
    limit: formatMicros(limitMicros),
    blockedUntil,
    usageUrl: page,
  };
}

/** Queues the alert to every recipient, in the caller's transaction (sent only if it commits). */
export async function queueBudgetAlert(tx: Queryable, alert: Alert) {
  for (const to of await recipients(tx, alert.target)) {
    await queueEmail(tx, { to, template: "budget-alert", props: alertProps(alert), organizationId: alert.target.organizationId, category: "budget" });
  }
}
