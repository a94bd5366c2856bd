import { z } from "zod";
import { orgRoleRefSchema, projectRoleRefSchema } from "@/lib/roles/schemas";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .pipe(z.email("must be a valid email address"));

const orgRoleSchema = orgRoleRefSchema;
const projectRoleSchema = projectRoleRefSchema;

const id = z.string().min(1).max(100);

/** `[{projectId, role}]`, each project at most once. */
const projectRoleList = z
  .array(z.strictObject({ projectId: id, role: projectRoleSchema }))
  .max(200, "must list at most 200 projects")
  .refine((list) => new Set(list.map((p) => p.projectId)).size === list.length, "must not name a project twice");

export const inviteInput = z.strictObject({
  email: emailSchema,
  role: orgRoleSchema,
  /** project roles given on acceptance; for the `member` role only */
  projects: projectRoleList.optional(),
});

export const updateMemberInput = z
  .strictObject({
    role: orgRoleSchema.optional(),
    /** the member's whole set of project roles (replaces it); for the `member` role only */
    projectRoles: projectRoleList.optional(),
  })
  .refine((v) => v.role !== undefined || v.projectRoles !== undefined, "give role, projectRoles or both");

/**
 * What happens to the keys a leaving member owns in the organization (those not revoked):
 * revoked, or handed to a service account of each project where they own some.
 */
export const keysChoice = z.strictObject({
  keysAction: z.enum(["revoke", "transfer"], { message: "must be revoke or transfer" }).optional(),
  /** project id → service account id of that project, for `transfer` */
  serviceAccountIds: z.record(id, id).optional(),
});

/** DELETE /members/{userId}: the keys choice in the query, `transferTo=prj_a:sa_x,prj_b:sa_y`. */
export const removeMemberQuery = z
  .strictObject({
    keysAction: keysChoice.shape.keysAction,
    transferTo: z
      .string()
      .max(4000)
      .regex(/^[^:,\s]+:[^:,\s]+(,[^:,\s]+:[^:,\s]+)*$/, "must be projectId:serviceAccountId pairs, comma-separated")
      .optional(),
  })
  .transform(({ keysAction, transferTo }) => ({
    keysAction,
    serviceAccountIds: transferTo ? Object.fromEntries(transferTo.split(",").map((pair) => pair.split(":") as [string, string])) : undefined,
  }));

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1, "must be 1 to 100").max(100, "must be 1 to 100").default(20),
  cursor: z.string().max(200).optional(),
});

export const memberParams = z.object({ userId: id });
export const inviteParams = z.object({ inviteId: id });

// The console's forms: the same fields and the object they act on.
export const memberRefInput = z.strictObject({ userId: id });
export const updateMemberFormInput = z.strictObject({ userId: id, role: orgRoleSchema });
export const removeMemberInput = keysChoice.extend({ userId: id });
export const inviteRefInput = z.strictObject({ inviteId: id });
export const projectMemberInput = z.strictObject({ projectId: id, userId: id, role: projectRoleSchema });
export const projectMemberRefInput = z.strictObject({ projectId: id, userId: id });
export const acceptInviteInput = z.strictObject({ token: z.string().min(20).max(200) });
