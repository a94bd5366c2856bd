"use server";

import { createRoleInput, roleRefInput, updateRoleFormInput } from "@/lib/roles/schemas";
import { createRole, deleteRole, updateRole } from "@/lib/roles/service";
import { orgAction } from "@/lib/server/action";

// Custom roles (docs/rbac.md): managing them is member.update, as in the Admin API; the service
// refuses a role holding a permission the actor lacks. Roles are loaded within the organization.
const pages = (orgSlug: string) => [`/${orgSlug}/roles`, `/${orgSlug}/members`];

export const createRoleAction = orgAction(
  { input: createRoleInput, permission: "member.update", revalidate: pages },
  async ({ tx, ctx, input }) => {
    const role = await createRole(tx, ctx, input);
    return { id: role.id, name: role.name };
  },
);

export const updateRoleAction = orgAction(
  { input: updateRoleFormInput, permission: "member.update", revalidate: pages },
  async ({ tx, ctx, input: { roleId, ...fields } }) => {
    const role = await updateRole(tx, ctx, roleId, fields);
    return { id: role.id, name: role.name };
  },
);

export const deleteRoleAction = orgAction({ input: roleRefInput, permission: "member.update", revalidate: pages }, async ({ tx, ctx, input }) => {
  await deleteRole(tx, ctx, input.roleId);
  return null;
});
