import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { memberships, users } from "@/db/schema";
import { queueEmail, type TemplatedEmail } from "@/lib/email/queue";
import { holdsOrgWideSql, type Permission } from "@/lib/rbac";
import type { NotificationCategory } from "./categories";
import { optedOut } from "./preferences";

export type Recipient = { userId: string; email: string };

/** A templated email without its address: the same message goes to each recipient. */
export type Message = TemplatedEmail extends infer E ? (E extends unknown ? Omit<E, "to"> : never) : never;

/**
 * Members holding `permission` across the organization (built-in or custom role): who hears
 * about what is decided by the matrix (docs/rbac.md, Notifications), never by a list of roles.
 */
export async function membersHolding(db: Queryable, organizationId: string, permission: Permission): Promise<Recipient[]> {
  return db
    .select({ userId: users.id, email: users.email })
    .from(sql`${memberships} m`)
    .innerJoin(users, sql`${users.id} = m.user_id`)
    .where(sql`m.organization_id = ${organizationId} and ${holdsOrgWideSql("m", permission)}`);
}

/** One member of the organization, or none if they are not (or no longer) a member. */
export async function memberById(db: Queryable, organizationId: string, userId: string): Promise<Recipient[]> {
  return db
    .select({ userId: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
}

/**
 * Queues the message for each recipient who has not turned its category off, in the caller's
 * transaction (sent by the background loop after commit). Returns how many were queued.
 */
export async function notify(
  tx: Queryable,
  organizationId: string,
  category: NotificationCategory,
  recipients: Recipient[],
  message: Message,
): Promise<number> {
  const unique = [...new Map(recipients.map((r) => [r.userId, r])).values()];
  const skip = await optedOut(tx, organizationId, category, unique.map((r) => r.userId));
  const to = unique.filter((r) => !skip.has(r.userId));
  for (const r of to) await queueEmail(tx, { ...message, to: r.email, organizationId, category } as TemplatedEmail & { organizationId: string; category: string });
  return to.length;
}
