import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { notificationPreferences } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { NOTIFICATION_CATEGORIES, OPTIONAL_CATEGORIES, type NotificationCategory } from "./categories";

export const updatePreferencesInput = z.strictObject({
  preferences: z
    .array(z.strictObject({ category: z.enum(OPTIONAL_CATEGORIES as [NotificationCategory, ...NotificationCategory[]]), enabled: z.boolean() }))
    .min(1, "must name at least one category"),
});

/** Every category with whether this member receives it (essential ones always). */
export async function getPreferences(db: Queryable, organizationId: string, userId: string) {
  const rows = await db
    .select()
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.organizationId, organizationId), eq(notificationPreferences.userId, userId)));
  const chosen = new Map(rows.map((r) => [r.category, r.enabled]));
  return (Object.keys(NOTIFICATION_CATEGORIES) as NotificationCategory[]).map((category) => ({
    category,
    ...NOTIFICATION_CATEGORIES[category],
    enabled: NOTIFICATION_CATEGORIES[category].essential || (chosen.get(category) ?? true),
  }));
}

/** The signed-in member's own choices; admin keys have no mailbox. */
export async function updatePreferences(tx: Queryable, ctx: RequestContext, input: z.infer<typeof updatePreferencesInput>) {
  const actor = ctx.principal.actor;
  if (actor.type !== "user") throw new AppError("FORBIDDEN", "Notification preferences belong to people: sign in to change yours.");
  const organizationId = ctx.principal.organizationId;
  const before = await getPreferences(tx, organizationId, actor.userId);
  for (const { category, enabled } of input.preferences) {
    await tx
      .insert(notificationPreferences)
      .values({ userId: actor.userId, organizationId, category, enabled })
      .onConflictDoUpdate({
        target: [notificationPreferences.userId, notificationPreferences.organizationId, notificationPreferences.category],
        set: { enabled },
      });
  }
  const changes = Object.fromEntries(
    input.preferences
      .map((p) => ({ ...p, was: before.find((b) => b.category === p.category)!.enabled }))
      .filter((p) => p.was !== p.enabled)
      .map((p) => [p.category, { from: p.was, to: p.enabled }]),
  );
  await recordChange(tx, ctx, { action: "notification.preferences_updated", target: { type: "user", id: actor.userId }, changes });
  return getPreferences(tx, organizationId, actor.userId);
}

/** Of these members, the ones who turned this category off. */
export async function optedOut(db: Queryable, organizationId: string, category: NotificationCategory, userIds: string[]): Promise<Set<string>> {
  if (NOTIFICATION_CATEGORIES[category].essential || userIds.length === 0) return new Set();
  const rows = await db
    .select({ userId: notificationPreferences.userId })
    .from(notificationPreferences)
    .where(
      and(
        eq(notificationPreferences.organizationId, organizationId),
        eq(notificationPreferences.category, category),
        eq(notificationPreferences.enabled, false),
        inArray(notificationPreferences.userId, userIds),
      ),
    );
  return new Set(rows.map((r) => r.userId));
}
