"use server";

import { createOrganization } from "@/lib/orgs/service";
import { createOrganizationInput } from "@/lib/orgs/schemas";
import { userAction } from "@/lib/server/action";

/** Any signed-in user creates an organization and becomes its owner. */
export const createOrganizationAction = userAction(
  { input: createOrganizationInput, permission: "signed-in" },
  async ({ tx, user, input, meta }) => {
    const org = await createOrganization(tx, user, input, meta);
    return { slug: org.slug };
  },
);
