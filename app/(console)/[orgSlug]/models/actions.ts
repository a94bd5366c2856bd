"use server";

import { z } from "zod";
import { updateOrganizationModels } from "@/lib/models/service";
import { modelPatternSchema } from "@/lib/projects/schemas";
import { orgAction } from "@/lib/server/action";

const organizationModelsInput = z.strictObject({
  allowedModels: z.array(modelPatternSchema).max(200, "must list at most 200 entries"),
});

/** The organization's model allowlist; empty allows every catalog model. */
export const updateOrganizationModelsAction = orgAction(
  { input: organizationModelsInput, permission: "org.update" },
  async ({ tx, ctx, input }) => ({ allowedModels: await updateOrganizationModels(tx, ctx, input.allowedModels) }),
);
