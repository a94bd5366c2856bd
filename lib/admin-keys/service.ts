import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "@/db/client";
import { adminKeys, type AdminKey } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import { generateSecret, hashSecret, visibleParts } from "@/lib/keys/format";
import { assertMayGrant, assertMayManage } from "@/lib/members/guards";
import { roleRef } from "@/lib/members/queries";
import { customRolesById, grantOfRef, resolveOrgRole, storedRole } from "@/lib/roles/grants";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { ROLE_LABELS } from "@/lib/rbac";
import type { createAdminKeyInput } from "./schemas";

export function adminKeyView(k: AdminKey, roleName?: string) {
  const now = Date.now();
  const status = k.revokedAt ? "revoked" : k.expiresAt && k.expiresAt.getTime() <= now ? "expired" : "active";
  return {
    id: k.id,
    name: k.name,
    role: roleRef(k.role, k.customRoleId),
    roleName: roleName ?? ROLE_LABELS[k.role],
    start: k.start,
    last4: k.last4,
    status,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    createdById: k.createdById,
    createdAt: k.createdAt.toISOString(),
  };
}

export async function createAdminKey(tx: Queryable, ctx: RequestContext, input: z.infer<typeof createAdminKeyInput>) {
  // The rank rule, as for members: no key with a role above one's own or with permissions one
  // lacks (so only owners make owner keys).
  const grant = await resolveOrgRole(tx, ctx.principal.organizationId, input.role);
  assertMayGrant(ctx, grant);
  const secret = generateSecret("admin");
  const { start, last4 } = visibleParts(secret, "admin");
  const [key] = await tx
    .insert(adminKeys)
    .values({
      organizationId: ctx.principal.organizationId,
      name: input.name,
      ...storedRole(grant),
      secretHash: hashSecret(secret),
      start,
      last4,
      createdById: ctx.principal.actor.type === "user" ? ctx.principal.actor.userId : null,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    })
    .returning();
  const view = adminKeyView(key!, grant.custom?.name);
  await recordChange(tx, ctx, {
    action: "security.admin_key.created",
    target: { type: "admin_key", id: key!.id },
    changes: { name: view.name, role: view.role, expiresAt: view.expiresAt },
    event: { type: "security.admin_key.created", data: { adminKey: view } },
  });
  return { adminKey: view, secret };
}

export async function loadAdminKey(db: Queryable, organizationId: string, id: string) {
  const [k] = await db
    .select()
    .from(adminKeys)
    .where(and(eq(adminKeys.id, id), eq(adminKeys.organizationId, organizationId)));
  if (!k) throw new AppError("NOT_FOUND", "Admin key was not found.");
  return k;
}

export async function revokeAdminKey(tx: Queryable, ctx: RequestContext, id: string) {
  const before = await loadAdminKey(tx, ctx.principal.organizationId, id);
  // Nobody acts on a key that ranks above them: an admin cannot revoke an owner key.
  const grant = await grantOfRef(tx, before.organizationId, roleRef(before.role, before.customRoleId));
  assertMayManage(ctx, grant);
  const alreadyRevoked = () => new AppError("CONFLICT", "This admin key is already revoked.");
  if (before.revokedAt) throw alreadyRevoked();
  // Conditional, so of two concurrent revocations exactly one wins (and one audit entry is written).
  const [key] = await tx
    .update(adminKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(adminKeys.id, id), isNull(adminKeys.revokedAt)))
    .returning();
  if (!key) throw alreadyRevoked();
  const view = adminKeyView(key!, grant.custom?.name);
  await recordChange(tx, ctx, {
    action: "security.admin_key.revoked",
    target: { type: "admin_key", id },
    changes: { revokedAt: view.revokedAt },
    event: { type: "security.admin_key.revoked", data: { adminKey: view } },
  });
  return view;
}

export async function listAdminKeys(db: Queryable, ctx: RequestContext, opts: { limit: number; cursor?: string }) {
  const rows = await db
    .select()
    .from(adminKeys)
    .where(
      and(
        eq(adminKeys.organizationId, ctx.principal.organizationId),
        opts.cursor ? gt(adminKeys.id, opts.cursor) : undefined,
      ),
    )
    .orderBy(asc(adminKeys.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const custom = await customRolesById(db, ctx.principal.organizationId, page.flatMap((k) => (k.customRoleId ? [k.customRoleId] : [])));
  return {
    data: page.map((k) => adminKeyView(k, k.customRoleId ? custom.get(k.customRoleId)?.name : undefined)),
    nextCursor: rows.length > opts.limit ? page[page.length - 1]!.id : null,
  };
}
