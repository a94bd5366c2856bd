import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { env } from "@/lib/env";
import { queueEmail } from "@/lib/email/queue";
import { formatMicros } from "@/lib/models/price";
import { optedOut } from "@/lib/notifications/preferences";

export type AlertProject = { id: string; name: string; slug: string; organizationId: string; organizationSlug: string; organizationName: string };
export type Alert = { project: AlertProject; threshold: number; month: string; spentMicros: number; limitMicros: number; blockedUntil: string | null };

/**
 * Who hears about a project's budget: owners, admins and finance members, and its project
 * admins, less those who turned budget alerts off on their Notifications page.
 */
async function recipients(tx: Queryable, project: AlertProject): Promise<string[]> {
  const rows = rowsOf<{ id: string; email: string }>(
    await tx.execute(sql`
      select u.id, u.email from memberships m join users u on u.id = m.user_id
      where m.organization_id = ${project.organizationId} and m.role in ('owner', 'admin', 'finance')
      union
      select u.id, u.email from project_members pm join users u on u.id = pm.user_id
      where pm.project_id = ${project.id} and pm.role = 'project_admin'`),
  );
  const off = await optedOut(tx, project.organizationId, "budget", rows.map((r) => r.id));
  return rows.filter((r) => !off.has(r.id)).map((r) => r.email).sort();
}

const monthName = (month: string) => new Date(`${month}T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

/** The props of the "budget-alert" React template (rendered by the background loop). */
export function alertProps(alert: Alert) {
  const { project, threshold, month, spentMicros, limitMicros, blockedUntil } = alert;
  const base = env().AUTH_URL ?? `http://localhost:${env().PORT}`;
  return {
    organizationName: project.organizationName,
    projectName: project.name,
    threshold,
    monthName: monthName(month),
    spent: formatMicros(spentMicros),
    limit: formatMicros(limitMicros),
    blockedUntil,
    usageUrl: `${base}/${project.organizationSlug}/projects/${project.slug}/usage`,
  };
}

/** Queues the alert to every recipient, in the caller's transaction (sent only if it commits). */
export async function queueBudgetAlert(tx: Queryable, alert: Alert) {
  for (const to of await recipients(tx, alert.project)) {
    await queueEmail(tx, { to, template: "budget-alert", props: alertProps(alert), organizationId: alert.project.organizationId, category: "budget" });
  }
}
