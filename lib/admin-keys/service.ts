import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "@/db/client";
import { adminKeys, type AdminKey } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import { generateSecret, hashSecret, visibleParts } from "@/lib/keys/format";
import { mayGrant, mayManage } from "@/lib/members/guards";
import type { RequestContext } from "@/lib/server/context";
import { AppError } from "@/lib/server/errors";
import type { createAdminKeyInput } from "./schemas";

export function adminKeyView(k: AdminKey) {
  const now = Date.now();
  const status = k.revokedAt ? "revoked" : k.expiresAt && k.expiresAt.getTime() <= now ? "expired" : "active";
  return {
    id: k.id,
    name: k.name,
    role: k.role,
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
  if (!mayGrant(ctx.principal.role, input.role)) {
    throw new AppError("FORBIDDEN", `You cannot create a key with the ${input.role} role: it ranks above yours or has permissions you lack.`, {
      fieldErrors: [{ path: "role", message: "is a role you cannot give" }],
    });
  }
  const secret = generateSecret("admin");
  const { start, last4 } = visibleParts(secret, "admin");
  const [key] = await tx
    .insert(adminKeys)
    .values({
      organizationId: ctx.principal.organizationId,
      name: input.name,
      role: input.role,
      secretHash: hashSecret(secret),
      start,
      last4,
      createdById: ctx.principal.actor.type === "user" ? ctx.principal.actor.userId : null,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    })
    .returning();
  const view = adminKeyView(key!);
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
  if (!mayManage(ctx.principal.role, before.role)) {
    throw new AppError("FORBIDDEN", `Only an owner can revoke an ${before.role} key.`);
  }
  const alreadyRevoked = () => new AppError("CONFLICT", "This admin key is already revoked.");
  if (before.revokedAt) throw alreadyRevoked();
  // Conditional, so of two concurrent revocations exactly one wins (and one audit entry is written).
  const [key] = await tx
    .update(adminKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(adminKeys.id, id), isNull(adminKeys.revokedAt)))
    .returning();
  if (!key) throw alreadyRevoked();
  const view = adminKeyView(key!);
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
  return {
    data: page.map(adminKeyView),
    nextCursor: rows.length > opts.limit ? page[page.length - 1]!.id : null,
  };
}
