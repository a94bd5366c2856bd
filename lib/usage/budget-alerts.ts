import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { env } from "@/lib/env";
import { queueEmail } from "@/lib/email/queue";
import { formatMicros } from "@/lib/models/price";

export type AlertProject = { id: string; name: string; slug: string; organizationId: string; organizationSlug: string; organizationName: string };
export type Alert = { project: AlertProject; threshold: number; month: string; spentMicros: number; limitMicros: number; blockedUntil: string | null };

/** Who hears about a project's budget: owners, admins and finance members, and its project admins. */
async function recipients(tx: Queryable, project: AlertProject): Promise<string[]> {
  const rows = rowsOf<{ email: string }>(
    await tx.execute(sql`
      select u.email from memberships m join users u on u.id = m.user_id
      where m.organization_id = ${project.organizationId} and m.role in ('owner', 'admin', 'finance')
      union
      select u.email from project_members pm join users u on u.id = pm.user_id
      where pm.project_id = ${project.id} and pm.role = 'project_admin'`),
  );
  return rows.map((r) => r.email).sort();
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const monthName = (month: string) => new Date(`${month}T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

/** The alert email, in plain text and HTML (the same lines). */
export function alertEmail(alert: Alert, to: string) {
  const { project, threshold, month, spentMicros, limitMicros, blockedUntil } = alert;
  const base = env().AUTH_URL ?? `http://localhost:${env().PORT}`;
  const link = `${base}/${project.organizationSlug}/projects/${project.slug}/usage`;
  const subject = `${project.name} reached ${threshold} % of its ${monthName(month)} budget`;
  const lines = [
    `${project.name} (${project.organizationName}) has spent ${formatMicros(spentMicros)} of its monthly budget of ${formatMicros(limitMicros)} in ${monthName(month)} (UTC): the ${threshold} % alert threshold.`,
    blockedUntil
      ? `The hard limit is on: the project's keys are refused with BUDGET_EXCEEDED until ${blockedUntil.slice(0, 10)} or until the budget is raised.`
      : "You get this alert once per threshold per month.",
  ];
  const html = `${lines.map((l) => `<p>${escape(l)}</p>`).join("")}<p><a href="${escape(link)}">Open the project's usage</a></p>`;
  return { to, subject, text: `${lines.join("\n\n")}\n\nOpen the project's usage: ${link}\n`, html };
}

/** Queues the alert to every recipient, in the caller's transaction (sent only if it commits). */
export async function queueBudgetAlert(tx: Queryable, alert: Alert) {
  for (const to of await recipients(tx, alert.project)) {
    await queueEmail(tx, { ...alertEmail(alert, to), organizationId: alert.project.organizationId, category: "budget" });
  }
}
