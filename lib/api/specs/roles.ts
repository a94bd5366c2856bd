import { createRoleInput, listRolesQuery, roleParams, updateRoleInput } from "@/lib/roles/schemas";
import { defineRoute } from "../spec";

const TAG = "Roles";

export const listRolesRoute = defineRoute({
  method: "GET",
  path: "/roles",
  summary: "List the organization's custom roles, with how many hold each",
  tag: TAG,
  permission: "member.update",
  query: listRolesQuery,
});

export const createRoleRoute = defineRoute({
  method: "POST",
  path: "/roles",
  summary: "Create a custom role from permissions of the vocabulary (never one you lack)",
  description:
    "`scope` organization: the permissions hold across the organization for members, invitations and admin keys given the role. `scope` project: they hold in the projects where a member is given the role. org.delete, org.transfer and admin_key.manage stay with the built-in roles.",
  tag: TAG,
  permission: "member.update",
  body: createRoleInput,
  status: 201,
});

export const getRoleRoute = defineRoute({
  method: "GET",
  path: "/roles/{roleId}",
  summary: "Read a custom role and who holds it",
  tag: TAG,
  permission: "member.update",
  params: roleParams,
});

export const updateRoleRoute = defineRoute({
  method: "PATCH",
  path: "/roles/{roleId}",
  summary: "Rename a custom role or change its permissions; holders get them on their next request",
  tag: TAG,
  permission: "member.update",
  params: roleParams,
  body: updateRoleInput,
});

export const deleteRoleRoute = defineRoute({
  method: "DELETE",
  path: "/roles/{roleId}",
  summary: "Delete a custom role nobody holds (409 names who still does)",
  tag: TAG,
  permission: "member.update",
  params: roleParams,
  status: 204,
});
