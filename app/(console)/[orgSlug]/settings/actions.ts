"use server";

import { deleteOrganization } from "@/lib/orgs/delete-organization";
import { updateOrganization } from "@/lib/orgs/service";
import { deleteOrganizationInput, updateOrganizationInput } from "@/lib/orgs/schemas";
import { orgAction } from "@/lib/server/action";

export const renameOrganizationAction = orgAction(
  { input: updateOrganizationInput, permission: "org.update" },
  async ({ tx, ctx, input }) => {
    const org = await updateOrganization(tx, ctx, input);
    return { name: org.name };
  },
);

export const deleteOrganizationAction = orgAction(
  // the organization's pages are gone: only the console's home (the switcher) needs refreshing
  { input: deleteOrganizationInput, permission: "org.delete", revalidate: () => ["/"] },
  async ({ tx, ctx, input }) => {
    const { organization, next } = await deleteOrganization(tx, ctx, input);
    return { name: organization.name, next: next ?? "/organizations/new" };
  },
);
