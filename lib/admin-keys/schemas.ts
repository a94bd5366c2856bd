import { z } from "zod";
import { ADMIN_KEY_ROLES } from "@/lib/rbac";
import { nameSchema } from "@/lib/orgs/schemas";

export const createAdminKeyInput = z.strictObject({
  name: nameSchema,
  role: z.enum(ADMIN_KEY_ROLES, { message: `must be one of ${ADMIN_KEY_ROLES.join(", ")}` }),
  expiresAt: z.iso
    .datetime({ offset: true, message: "must be an ISO-8601 date and time" })
    .refine((v) => new Date(v).getTime() > Date.now(), "must be in the future")
    .optional(),
});

export const listAdminKeysQuery = z.strictObject({
  limit: z.coerce.number().int().min(1, "must be 1 to 100").max(100, "must be 1 to 100").default(20),
  cursor: z.string().max(200).optional(),
});

export const revokeAdminKeyInput = z.strictObject({ adminKeyId: z.string().min(1) });
