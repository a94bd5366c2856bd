import { z } from "zod";
import { nameSchema } from "@/lib/orgs/schemas";
import { environmentNameSchema, modelPatternSchema } from "@/lib/projects/schemas";
import { normalizeCidr, parseIp } from "./ip";

export const routeEntrySchema = z
  .string()
  .trim()
  .max(200, "must be at most 200 characters")
  .regex(/^\/[A-Za-z0-9._~\-/]*\*?$/, "must be a path such as /v1/chat/completions, optionally ending in *");

export const cidrSchema = z
  .string()
  .trim()
  .max(64, "must be at most 64 characters")
  .transform((v, ctx) => {
    const n = normalizeCidr(v);
    if (!n) ctx.addIssue({ code: "custom", message: "must be an IPv4 or IPv6 address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32" });
    return n ?? v;
  });

const futureDate = z.iso
  .datetime({ offset: true, message: "must be an ISO-8601 date and time" })
  // not a date at all is reported once, by the format check above
  .refine((v) => !(new Date(v).getTime() <= Date.now()), "must be in the future");

const restrictions = {
  allowedModels: z.array(modelPatternSchema).max(200, "must list at most 200 entries"),
  allowedRoutes: z.array(routeEntrySchema).max(100, "must list at most 100 entries"),
  ipAllowlist: z.array(cidrSchema).max(100, "must list at most 100 entries"),
  rateLimitPerMinute: z.number().int("must be a whole number").min(1, "must be at least 1").max(1_000_000, "must be at most 1000000"),
};

export const createKeyInput = z.strictObject({
  name: nameSchema,
  environment: environmentNameSchema,
  serviceAccountId: z.string().min(1).max(100).optional(),
  allowedModels: restrictions.allowedModels.optional(),
  allowedRoutes: restrictions.allowedRoutes.optional(),
  ipAllowlist: restrictions.ipAllowlist.optional(),
  expiresAt: futureDate.optional(),
  rateLimitPerMinute: restrictions.rateLimitPerMinute.optional(),
});

export const updateKeyInput = z.strictObject({
  name: nameSchema.optional(),
  allowedModels: restrictions.allowedModels.optional(),
  allowedRoutes: restrictions.allowedRoutes.optional(),
  ipAllowlist: restrictions.ipAllowlist.optional(),
  expiresAt: futureDate.nullable().optional(),
  rateLimitPerMinute: restrictions.rateLimitPerMinute.nullable().optional(),
});

export const rotateKeyInput = z.strictObject({
  gracePeriodSeconds: z.number().int("must be a whole number of seconds").min(0, "must be 0 to 604800 (7 days)").max(604_800, "must be 0 to 604800 (7 days)"),
});

export const verifyKeyInput = z.strictObject({
  key: z.string().max(512, "must be at most 512 characters"),
  model: z.string().min(1, "must not be empty").max(200, "must be at most 200 characters").optional(),
  route: z.string().min(1, "must not be empty").max(2048, "must be at most 2048 characters").optional(),
  ip: z.string().max(64).refine((v) => parseIp(v) !== null, "must be an IPv4 or IPv6 address").optional(),
  reserve: z
    .strictObject({
      inputTokens: z.number().int("must be a whole number").min(0, "must be 0 or more").max(100_000_000, "must be at most 100000000"),
      outputTokens: z.number().int("must be a whole number").min(0, "must be 0 or more").max(100_000_000, "must be at most 100000000"),
    })
    .optional(),
}).refine((v) => v.reserve === undefined || v.model !== undefined, { path: ["model"], message: "is required with reserve: the reserve is priced at the model's price" });

export const listKeysQuery = z.strictObject({
  limit: z.coerce.number().int().min(1, "must be 1 to 100").max(100, "must be 1 to 100").default(20),
  cursor: z.string().max(200).optional(),
  environment: environmentNameSchema.optional(),
  status: z.enum(["active", "revoked", "expired"]).optional(),
});

export const keyPolicyInput = z.strictObject({
  maxLifetimeDays: z.number().int().min(1, "must be at least 1 day").max(3650, "must be at most 3650 days").nullable(),
  requireExpiry: z.boolean(),
  requireIpAllowlistForProduction: z.boolean(),
  productionKeyRoles: z.array(z.enum(["project_admin", "developer"])).max(2),
});

export const createServiceAccountInput = z.strictObject({ name: nameSchema });

export const explainInput = z.strictObject({
  keyId: z.string().min(1).max(100),
  model: z.string().max(200).optional(),
  route: z.string().max(2048).optional(),
  ip: z.string().max(64).refine((v) => parseIp(v) !== null, "must be an IPv4 or IPv6 address").optional(),
});
