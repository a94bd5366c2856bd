"use server";

import { updateOrganization } from "@/lib/orgs/service";
import { updateOrganizationInput } from "@/lib/orgs/schemas";
import { orgAction } from "@/lib/server/action";

export const renameOrganizationAction = orgAction(
  { input: updateOrganizationInput, permission: "org.update" },
  async ({ tx, ctx, input }) => {
    const org = await updateOrganization(tx, ctx, input);
    return { name: org.name };
  },
);
