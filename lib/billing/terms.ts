import { and, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { billingNotices, billingTerms, memberships, organizations, users, type BillingTerms } from "@/db/schema";
import { diff, recordChange } from "@/lib/audit/record";
import { planOf, type PlanId } from "@/lib/orgs/plans";
import type { RequestContext } from "@/lib/core/context";
import { AppError, invalid } from "@/lib/core/errors";
import { formatRate } from "./money";
import { LIST_PRICES } from "./plans";
import type { UpdateTermsInput } from "./schemas";

const DAY = 86_400_000;

/** The terms an organization is billed on: its contract row, or its plan's list prices. */
export type Terms = Omit<BillingTerms, "organizationId" | "updatedById" | "createdAt" | "updatedAt">;

export function defaultTerms(plan: string): Terms {
  const list = LIST_PRICES[(plan in LIST_PRICES ? plan : "team") as PlanId];
  return {
    ...list,
    committedMonthlyMicros: 0,
    contractStart: null,
    termMonths: 12,
    renewalDate: null,
    taxRatePercent: "0",
    currency: "USD",
    paymentTermsDays: 30,
    renewalContacts: [],
  };
}

export async function resolveTerms(db: Queryable, organizationId: string, plan: string): Promise<{ terms: Terms; custom: boolean }> {
  const [row] = await db.select().from(billingTerms).where(eq(billingTerms.organizationId, organizationId));
  if (!row) return { terms: defaultTerms(plan), custom: false };
  const { organizationId: _o, updatedById: _u, createdAt: _c, updatedAt: _a, ...terms } = row;
  return { terms, custom: true };
}

/** Whole UTC days from `now` to a date (negative once it has passed). */
export function daysUntil(date: string, now: number): number {
  const today = Math.floor(now / DAY) * DAY;
  return Math.round((Date.parse(`${date}T00:00:00Z`) - today) / DAY);
}

export const RENEWAL_REMINDERS = [30, 7] as const;

/** What GET /billing answers: plan, terms, billing owner, contacts and the renewal's reminder state. */
export async function billingView(db: Queryable, organizationId: string, now = Date.now()) {
  const [org] = await db
    .select({ id: organizations.id, name: organizations.name, plan: organizations.plan, billingOwnerId: organizations.billingOwnerId })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!org) throw new AppError("NOT_FOUND", "Organization was not found.");
  const { terms, custom } = await resolveTerms(db, organizationId, org.plan);
  const [owner] = org.billingOwnerId
    ? await db.select({ userId: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, org.billingOwnerId))
    : [];
  const sent = terms.renewalDate
    ? await db
        .select({ kind: billingNotices.kind, at: billingNotices.createdAt })
        .from(billingNotices)
        .where(and(eq(billingNotices.organizationId, organizationId), eq(billingNotices.periodKey, terms.renewalDate), inArray(billingNotices.kind, ["renewal_30", "renewal_7"])))
    : [];
  const daysLeft = terms.renewalDate ? daysUntil(terms.renewalDate, now) : null;
  return {
    organizationId,
    plan: { id: org.plan, name: planOf(org.plan).name },
    /** false while the organization is billed at its plan's list prices */
    customTerms: custom,
    ...terms,
    taxRatePercent: formatRate(terms.taxRatePercent),
    billingOwner: owner ?? null,
    renewal: terms.renewalDate
      ? {
          date: terms.renewalDate,
          daysLeft,
          reminders: RENEWAL_REMINDERS.map((daysBefore) => {
            const notice = sent.find((s) => s.kind === `renewal_${daysBefore}`);
            return { daysBefore, sentAt: notice?.at.toISOString() ?? null };
          }),
        }
      : null,
  };
}

export type BillingView = Awaited<ReturnType<typeof billingView>>;

/** Fields of the plan itself (docs/architecture.md): a change to any of them is `billing.plan_changed`. */
const PLAN_FIELDS = ["plan", "baseFeeMicros", "includedSeats", "seatPriceMicros", "committedMonthlyMicros"] as const;

/**
 * PATCH /billing (billing.manage). The organization row is locked first, so two finance
 * owners saving at once apply one after the other. A change to the plan or its prices emits
 * `billing.plan_changed` with the previous values; other terms are audited as
 * `billing.terms_updated`.
 */
export async function updateTerms(tx: Queryable, ctx: RequestContext, input: UpdateTermsInput, now = Date.now()) {
  const organizationId = ctx.principal.organizationId;
  const [org] = rowsOf<{ id: string; plan: string; billing_owner_id: string | null }>(
    await tx.execute(sql`select id, plan, billing_owner_id from organizations where id = ${organizationId} for update`),
  );
  if (!org) throw new AppError("NOT_FOUND", "Organization was not found.");
  const { plan, billingOwnerId, ...termFields } = input;
  if (input.contractStart && input.renewalDate && input.renewalDate <= input.contractStart) {
    throw invalid("renewalDate", "must be after the contract start");
  }
  if (billingOwnerId !== undefined) {
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, billingOwnerId)));
    if (!member) throw invalid("billingOwnerId", "is not a member of the organization");
  }
  const { terms: before } = await resolveTerms(tx, organizationId, org.plan);
  const beforeAll = { ...before, plan: org.plan, billingOwnerId: org.billing_owner_id };
  const changes = diff(beforeAll as Record<string, unknown>, input as Record<string, unknown>);
  if (input.taxRatePercent !== undefined && formatRate(input.taxRatePercent) === formatRate(before.taxRatePercent)) delete changes.taxRatePercent;
  if (Object.keys(changes).length === 0) return billingView(tx, organizationId, now);

  if (plan !== undefined || billingOwnerId !== undefined) {
    await tx.update(organizations).set({ ...(plan ? { plan } : {}), ...(billingOwnerId ? { billingOwnerId } : {}) }).where(eq(organizations.id, organizationId));
  }
  const updatedById = ctx.principal.actor.type === "user" ? ctx.principal.actor.userId : null;
  const row = { ...before, ...termFields, updatedById };
  await tx
    .insert(billingTerms)
    .values({ organizationId, ...row })
    .onConflictDoUpdate({ target: billingTerms.organizationId, set: { ...termFields, updatedById, updatedAt: new Date(now) } });

  const view = await billingView(tx, organizationId, now);
  const planChanged = PLAN_FIELDS.some((f) => f in changes);
  await recordChange(tx, ctx, {
    action: planChanged ? "billing.plan_changed" : "billing.terms_updated",
    target: { type: "organization", id: organizationId },
    changes,
    event: planChanged ? { type: "billing.plan_changed", data: { plan: view.plan.id, terms: eventTerms(view), changes } } : undefined,
  });
  return view;
}

/** The plan's figures in events (never contacts' addresses: events go to third-party endpoints). */
function eventTerms(v: BillingView) {
  return {
    baseFeeMicros: v.baseFeeMicros,
    includedSeats: v.includedSeats,
    seatPriceMicros: v.seatPriceMicros,
    committedMonthlyMicros: v.committedMonthlyMicros,
    currency: v.currency,
    renewalDate: v.renewalDate,
  };
}
