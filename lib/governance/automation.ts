import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { notificationPreferences, webhookEndpoints } from "@/db/schema";
import { NOTIFICATION_CATEGORIES, type NotificationCategory } from "@/lib/notifications/categories";
import { hasFeature } from "@/lib/orgs/plans";
import { matchesEventTypes, SUBSCRIBABLE_TYPES } from "@/lib/webhooks/catalog";
import { top, type GovernanceCheck, type GovernanceOrg } from "./types";

// Which events reach automation (webhooks) and people (email notifications).

export async function notificationsCheck(db: Queryable, org: GovernanceOrg): Promise<GovernanceCheck> {
  const optOuts = await db
    .select({ category: notificationPreferences.category, n: sql<number>`count(*)::int` })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.organizationId, org.id), eq(notificationPreferences.enabled, false)))
    .groupBy(notificationPreferences.category);
  const offBy = new Map(optOuts.map((o) => [o.category, Number(o.n)]));
  const categories = Object.keys(NOTIFICATION_CATEGORIES) as NotificationCategory[];
  const turnedOff = [...offBy.values()].reduce((a, b) => a + b, 0);
  return {
    id: "notifications",
    question: "Who is emailed about what?",
    status: "info",
    summary: turnedOff
      ? `Email notifications are on; members turned non-essential categories off ${turnedOff} ${turnedOff === 1 ? "time" : "times"}.`
      : "Every email notification category is on for every member.",
    definition: "Email notifications by category (docs/architecture.md (Webhooks and notifications)). Essential categories (invitations, security alerts) always go; each member may turn the others off for this organization.",
    counts: [{ label: "opt-outs", value: turnedOff }],
    ...top(
      categories.map((c) => ({
        label: NOTIFICATION_CATEGORIES[c].label,
        detail: NOTIFICATION_CATEGORIES[c].essential
          ? "essential: always sent"
          : `${offBy.get(c) ?? 0} ${offBy.get(c) === 1 ? "member has" : "members have"} turned it off`,
        href: `/${org.slug}/notifications`,
      })),
    ),
    fix: { href: `/${org.slug}/notifications`, label: "Your notification settings" },
  };
}

/** Which event types reach an enabled webhook endpoint (owners and admins: webhook.read). */
export async function webhooksCheck(db: Queryable, org: GovernanceOrg): Promise<GovernanceCheck> {
  const base = {
    id: "event-automation",
    question: "Which events reach automation?",
    definition:
      "Every event type of the catalog, checked against the enabled webhook endpoints' subscriptions (groups such as key.* included). Attention when a security event reaches no endpoint.",
  };
  if (!hasFeature(org.plan, "webhooks")) {
    return { ...base, status: "info", summary: "Webhooks are not part of this plan: events reach people by email only.", counts: [], items: [], itemCount: 0 };
  }
  const endpoints = await db
    .select({ eventTypes: webhookEndpoints.eventTypes })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.organizationId, org.id), eq(webhookEndpoints.enabled, true)));
  const uncovered = SUBSCRIBABLE_TYPES.filter((t) => !endpoints.some((e) => matchesEventTypes(t, e.eventTypes)));
  const securityUncovered = uncovered.filter((t) => t.startsWith("security."));
  return {
    ...base,
    status: securityUncovered.length ? "attention" : "ok",
    summary: uncovered.length
      ? `${uncovered.length} of ${SUBSCRIBABLE_TYPES.length} event types have no enabled webhook endpoint${securityUncovered.length ? `, ${securityUncovered.length} of them security events` : ""}.`
      : `Every event type reaches at least one of ${endpoints.length} enabled ${endpoints.length === 1 ? "endpoint" : "endpoints"}.`,
    counts: [
      { label: "enabled endpoints", value: endpoints.length },
      { label: "event types without an endpoint", value: uncovered.length },
    ],
    ...top([
      ...securityUncovered.map((t) => ({ label: t, detail: "security event without a webhook endpoint", href: `/${org.slug}/webhooks` })),
      ...uncovered.filter((t) => !t.startsWith("security.")).map((t) => ({ label: t, detail: "no webhook endpoint", href: `/${org.slug}/webhooks` })),
    ]),
    fix: { href: `/${org.slug}/webhooks`, label: "Add or change endpoints" },
  };
}
