import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "@/db/client";
import { memberships, organizations, roles, users } from "@/db/schema";
import { diff, recordChange } from "@/lib/audit/record";
import { randomToken } from "@/lib/core/ids";
import type { Actor } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { DEFAULT_PLAN, featureList, planOf, type PlanId } from "./plans";
import { RESERVED_ORG_SLUGS, slugify, type createOrganizationInput, type updateOrganizationInput } from "./schemas";

type UserActor = Extract<Actor, { type: "user" }>;

async function slugTaken(tx: Queryable, slug: string) {
  const rows = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug));
  return rows.length > 0;
}

/** Any signed-in user creates an organization and becomes its owner. */
export async function createOrganization(
  tx: Queryable,
  user: UserActor,
  input: z.infer<typeof createOrganizationInput>,
  meta: { requestId: string; ip: string | null; userAgent: string | null; plan?: PlanId; joinedVia?: string },
) {
  let slug = input.slug ?? slugify(input.name);
  if (RESERVED_ORG_SLUGS.has(slug) || (await slugTaken(tx, slug))) {
    if (input.slug) {
      throw new AppError("CONFLICT", `The slug "${slug}" is already taken.`, {
        fieldErrors: [{ path: "slug", message: "is already taken" }],
      });
    }
    slug = `${slug.slice(0, 40)}-${randomToken(4)}`;
  }
  const [org] = await tx
    .insert(organizations)
    .values({ name: input.name, slug, plan: meta.plan ?? DEFAULT_PLAN, billingOwnerId: user.userId })
    .returning();
  await tx
    .insert(memberships)
    .values({ organizationId: org!.id, userId: user.userId, role: "owner", joinedVia: meta.joinedVia ?? "created" });
  const ctx: RequestContext = {
    principal: { actor: user, organizationId: org!.id, role: "owner", projectRoles: new Map() },
    requestId: meta.requestId,
    ip: meta.ip,
    userAgent: meta.userAgent,
  };
  await recordChange(tx, ctx, {
    action: "organization.created",
    target: { type: "organization", id: org!.id },
    changes: { name: org!.name, slug: org!.slug, plan: org!.plan },
  });
  return org!;
}

export async function getOrganization(db: Queryable, organizationId: string) {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!org) throw new AppError("NOT_FOUND", "Organization was not found.");
  return org;
}

export async function updateOrganization(
  tx: Queryable,
  ctx: RequestContext,
  input: z.infer<typeof updateOrganizationInput>,
) {
  const before = await getOrganization(tx, ctx.principal.organizationId);
  const changes = diff(before, input);
  if (Object.keys(changes).length === 0) return before;
  const [org] = await tx
    .update(organizations)
    .set(input)
    .where(eq(organizations.id, before.id))
    .returning();
  await recordChange(tx, ctx, {
    action: "organization.updated",
    target: { type: "organization", id: before.id },
    changes,
  });
  return org!;
}

/** The organizations a user belongs to, for the switcher; only `boundOrganizationId` for a session bound to it (lib/auth/session.ts). */
export async function listUserOrganizations(db: Queryable, userId: string, boundOrganizationId?: string) {
  return db
    .select({ id: organizations.id, name: organizations.name, slug: organizations.slug, role: memberships.role, customRoleName: roles.name })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .leftJoin(roles, eq(roles.id, memberships.customRoleId))
    .where(and(eq(memberships.userId, userId), boundOrganizationId === undefined ? undefined : eq(organizations.id, boundOrganizationId)))
    .orderBy(asc(organizations.name));
}

/** The API shape of an organization: plan and which features it has. */
export function organizationView(org: typeof organizations.$inferSelect) {
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    plan: { id: org.plan, name: planOf(org.plan).name },
    features: featureList(org.plan),
    createdAt: org.createdAt.toISOString(),
  };
}

export async function findOrganizationBySlug(db: Queryable, slug: string) {
  const [org] = await db.select().from(organizations).where(eq(organizations.slug, slug));
  return org ?? null;
}

export async function findOrCreateUser(db: Queryable, email: string, name?: string) {
  const normalized = email.trim().toLowerCase();
  const [existing] = await db.select().from(users).where(eq(users.email, normalized));
  if (existing) return existing;
  const [created] = await db
    .insert(users)
    .values({ email: normalized, name: name ?? null, emailVerified: null })
    .onConflictDoNothing()
    .returning();
  if (created) return created;
  const [raced] = await db.select().from(users).where(eq(users.email, normalized));
  return raced!;
}

export async function membershipOf(db: Queryable, organizationId: string, userId: string) {
  const [m] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  return m ?? null;
}
