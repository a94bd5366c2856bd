import { z } from "zod";
import { ROLE_SCOPES } from "@/db/schema";
import { ADMIN_KEY_ROLES, isCustomRoleId, isPermission, ORG_ROLES, PROJECT_ROLES, type CustomRoleId, type Permission } from "@/lib/rbac";

const customRoleId = z.string().refine(isCustomRoleId).transform((v) => v as CustomRoleId);
const refMessage = (names: readonly string[]) => `must be one of ${names.join(", ")} or the id of a custom role (role_…)`;

/** A role as the API takes it: a built-in name or a custom role's id. */
export const orgRoleRefSchema = z.union([z.enum(ORG_ROLES), customRoleId], { message: refMessage(ORG_ROLES) });
export const projectRoleRefSchema = z.union([z.enum(PROJECT_ROLES), customRoleId], { message: refMessage(PROJECT_ROLES) });
export const adminKeyRoleRefSchema = z.union([z.enum(ADMIN_KEY_ROLES), customRoleId], { message: refMessage(ADMIN_KEY_ROLES) });

const permissionList = z
  .array(z.string().refine(isPermission, "must be a permission of the vocabulary (see docs/rbac.md)"))
  .max(100)
  .refine((list) => new Set(list).size === list.length, "must not name a permission twice")
  .transform((list) => list as Permission[]);

const roleName = z.string().trim().min(1, "must not be empty").max(60, "must be at most 60 characters");
const description = z.string().trim().max(500, "must be at most 500 characters");

export const createRoleInput = z.strictObject({
  name: roleName,
  description: description.optional(),
  scope: z.enum(ROLE_SCOPES, { message: "must be organization or project" }),
  permissions: permissionList.refine((l) => l.length > 0, "must hold at least one permission"),
});

/** The scope stays: holders were given the role for what it reaches. */
const updateFields = {
  name: roleName.optional(),
  description: description.optional(),
  permissions: permissionList.refine((l) => l.length > 0, "must hold at least one permission").optional(),
};
const someField = (v: Record<string, unknown>) => ["name", "description", "permissions"].some((k) => v[k] !== undefined);
export const updateRoleInput = z.strictObject(updateFields).refine(someField, "give name, description or permissions");

export const roleParams = z.object({ roleId: z.string().min(1).max(100) });
export const listRolesQuery = z.strictObject({});

// The console's forms
export const updateRoleFormInput = z.strictObject({ roleId: z.string().min(1).max(100), ...updateFields }).refine(someField, "give name, description or permissions");
export const roleRefInput = z.strictObject({ roleId: z.string().min(1).max(100) });
