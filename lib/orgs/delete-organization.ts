import { and, count, eq, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { apiKeys, invoices, memberships, organizations, projects, users, webhookEndpoints } from "@/db/schema";
import { queueEmail } from "@/lib/email/queue";
import { announceKeyChange } from "@/lib/keys/invalidation";
import { consoleUrl } from "@/lib/notifications/links";
import { actorLabel, type RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import type { deleteOrganizationInput } from "./schemas";
import { listUserOrganizations } from "./service";

/**
 * Tables keyed by organization_id without a foreign key (written in bulk on the hot path, or
 * queued mail): the cascade does not reach them, so they are emptied by hand.
 */
const UNLINKED_TABLES = ["usage_event_ids", "usage_hourly", "usage_daily_keys", "usage_daily_projects", "email_outbox"] as const;

export type DeletedOrganization = {
  organization: { id: string; slug: string; name: string };
  /** where the deleting user goes next: their next organization, or /organizations/new */
  next: string | null;
};

/**
 * Deletes the caller's organization (org.delete, owners only) once `confirmSlug` equals its
 * slug exactly. In the caller's transaction: the organization row goes and its rows follow by
 * ON DELETE CASCADE, the audit log included (the trigger of migration 0011 allows it for this
 * organization and this transaction only); usage and queued mail, which have no foreign key,
 * are deleted too. Its keys leave every node's verification cache at commit. Owners and
 * admins are emailed; that mail is queued without the organization id so it outlives it.
 */
export async function deleteOrganization(
  tx: Queryable,
  ctx: RequestContext,
  input: z.infer<typeof deleteOrganizationInput>,
): Promise<DeletedOrganization> {
  const organizationId = ctx.principal.organizationId;
  // Lock the row: a concurrent change to the organization waits for the deletion, then finds nothing.
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, organizationId)).for("update");
  if (!org) throw new AppError("NOT_FOUND", "Organization was not found.");
  if (input.confirmSlug !== org.slug) {
    throw new AppError("INVALID_REQUEST", `confirmSlug: must be exactly "${org.slug}"`, {
      userMessage: `Type the organization's slug, ${org.slug}, exactly to confirm.`,
      fieldErrors: [{ path: "confirmSlug", message: `must be exactly the organization's slug, "${org.slug}"` }],
    });
  }

  const recipients = await tx
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, org.id), inArray(memberships.role, ["owner", "admin"])));

  // Verification forgets every key of the organization: here at commit, elsewhere by NOTIFY.
  await announceKeyChange(tx, ctx, { kind: "organization", id: org.id });
  await tx.execute(sql`select set_config('anyint.purge_organization', ${org.id}, true)`);
  await deleteUsageEvents(tx, org.id);
  for (const table of UNLINKED_TABLES) {
    await tx.execute(sql`delete from ${sql.identifier(table)} where organization_id = ${org.id}`);
  }
  await tx.delete(organizations).where(eq(organizations.id, org.id));

  const deletedAt = new Date().toISOString();
  const deletedBy = actorLabel(ctx).label;
  for (const { email } of recipients) {
    // no organizationId: the row must outlive the organization (and is essential mail)
    await queueEmail(tx, {
      to: email,
      template: "organization-deleted",
      props: { organizationName: org.name, organizationSlug: org.slug, deletedBy, deletedAt, consoleUrl: consoleUrl("/") },
    });
  }
  // The organization's own audit log is gone with it: the server log keeps the fact.
  console.info(`[${ctx.requestId}] organization ${org.id} (${org.slug}) deleted by ${deletedBy}`);

  const actor = ctx.principal.actor;
  let next: string | null = null;
  if (actor.type === "user") {
    const [first] = await listUserOrganizations(tx, actor.userId);
    next = first ? `/${first.slug}` : "/organizations/new";
  }
  return { organization: { id: org.id, slug: org.slug, name: org.name }, next };
}

/**
 * The raw usage events, partitioned by month and indexed by time only: usage_event_ids says
 * when the organization's events happened, so the delete touches only those months.
 */
async function deleteUsageEvents(tx: Queryable, organizationId: string) {
  const [span] = rowsOf<{ first: string | Date | null; last: string | Date | null }>(
    await tx.execute(sql`select min(occurred_at) as first, max(occurred_at) as last from usage_event_ids where organization_id = ${organizationId}`),
  );
  if (!span?.first || !span.last) return;
  const iso = (v: string | Date) => new Date(v).toISOString();
  await tx.execute(sql`
    delete from usage_events
    where organization_id = ${organizationId}
      and occurred_at >= ${iso(span.first)}::timestamptz and occurred_at <= ${iso(span.last)}::timestamptz`);
}

/** What deleting the organization takes with it, for the danger zone of the settings page. */
export async function deletionSummary(db: Queryable, organizationId: string) {
  const n = async (rows: Promise<{ n: number }[]>) => (await rows)[0]?.n ?? 0;
  return {
    projects: await n(db.select({ n: count() }).from(projects).where(eq(projects.organizationId, organizationId))),
    liveKeys: await n(
      db.select({ n: count() }).from(apiKeys).where(and(eq(apiKeys.organizationId, organizationId), isNull(apiKeys.revokedAt))),
    ),
    members: await n(db.select({ n: count() }).from(memberships).where(eq(memberships.organizationId, organizationId))),
    invoices: await n(db.select({ n: count() }).from(invoices).where(eq(invoices.organizationId, organizationId))),
    webhookEndpoints: await n(db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.organizationId, organizationId))),
  };
}
