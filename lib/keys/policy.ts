import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "@/db/client";
import { keyPolicies, type KeyPolicy } from "@/db/schema";
import { diff, recordChange } from "@/lib/audit/record";
import type { RequestContext } from "@/lib/core/context";
import { mayCreateProductionKeys } from "@/lib/rbac";
import { AppError, type FieldError } from "@/lib/core/errors";
import type { keyPolicyInput } from "./schemas";

export const DEFAULT_KEY_POLICY = {
  maxLifetimeDays: null as number | null,
  requireExpiry: false,
  requireIpAllowlistForProduction: false,
  productionKeyRoles: ["project_admin", "developer"] as string[],
};

export type KeyPolicyView = typeof DEFAULT_KEY_POLICY;

export async function getKeyPolicy(db: Queryable, organizationId: string): Promise<KeyPolicyView> {
  const [p] = await db.select().from(keyPolicies).where(eq(keyPolicies.organizationId, organizationId));
  return p ? toView(p) : { ...DEFAULT_KEY_POLICY };
}

function toView(p: KeyPolicy): KeyPolicyView {
  return {
    maxLifetimeDays: p.maxLifetimeDays,
    requireExpiry: p.requireExpiry,
    requireIpAllowlistForProduction: p.requireIpAllowlistForProduction,
    productionKeyRoles: p.productionKeyRoles,
  };
}

export async function updateKeyPolicy(tx: Queryable, ctx: RequestContext, input: z.infer<typeof keyPolicyInput>) {
  const organizationId = ctx.principal.organizationId;
  const before = await getKeyPolicy(tx, organizationId);
  const changes = diff(before, input);
  await tx
    .insert(keyPolicies)
    .values({ organizationId, ...input })
    .onConflictDoUpdate({ target: keyPolicies.organizationId, set: { ...input, updatedAt: new Date() } });
  const after = { ...input };
  if (Object.keys(changes).length > 0) {
    await recordChange(tx, ctx, {
      action: "security.policy.updated",
      target: { type: "key_policy", id: organizationId },
      changes,
      event: { type: "security.policy.updated", data: { policy: "keys", keyPolicy: after, changes } },
    });
  }
  return after;
}

/** The key policy's rules for a key being created or changed; every broken rule is named. */
export function enforceKeyPolicy(
  policy: KeyPolicyView,
  ctx: RequestContext,
  key: {
    environment: string;
    expiresAt: Date | null;
    ipAllowlist: string[];
    projectId: string;
    creating: boolean;
    /** set when an existing key's expiry changes: its lifetime counts from its creation */
    createdAt?: Date;
  },
) {
  const errors: FieldError[] = [];
  if (policy.requireExpiry && !key.expiresAt) errors.push({ path: "expiresAt", message: "is required by the organization's key policy" });
  const lifetimeStart = key.creating ? Date.now() : key.createdAt?.getTime();
  if (policy.maxLifetimeDays && lifetimeStart !== undefined) {
    const max = lifetimeStart + policy.maxLifetimeDays * 86_400_000;
    if (!key.expiresAt) errors.push({ path: "expiresAt", message: `is required: keys may live at most ${policy.maxLifetimeDays} days` });
    else if (key.expiresAt.getTime() > max) errors.push({ path: "expiresAt", message: `must be within ${policy.maxLifetimeDays} days (the organization's maximum key lifetime)` });
  }
  if (key.environment === "production" && policy.requireIpAllowlistForProduction && key.ipAllowlist.length === 0) {
    errors.push({ path: "ipAllowlist", message: "is required for production keys by the organization's key policy" });
  }
  if (errors.length > 0) {
    throw new AppError("INVALID_REQUEST", `The key policy refuses this key: ${errors.map((e) => `${e.path} ${e.message}`).join("; ")}.`, { fieldErrors: errors });
  }
  if (key.creating && key.environment === "production" && !mayCreateProductionKeys(ctx.principal, key.projectId, policy)) {
    throw new AppError("FORBIDDEN", "The organization's key policy does not let your project role create production keys.");
  }
}
