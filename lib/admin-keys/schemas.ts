import { z } from "zod";
import { nameSchema } from "@/lib/orgs/schemas";
import { adminKeyRoleRefSchema } from "@/lib/roles/schemas";

export const createAdminKeyInput = z.strictObject({
  name: nameSchema,
  role: adminKeyRoleRefSchema,
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
