import { deleteOrganizationInput } from "@/lib/orgs/schemas";
import { defineRoute } from "../spec";

export const getOrganizationRoute = defineRoute({
  method: "GET",
  path: "/organization",
  summary: "The caller's organization: name, slug, plan and enabled features",
  tag: "Organization",
  permission: "org.read",
});

export const deleteOrganizationRoute = defineRoute({
  method: "DELETE",
  path: "/organization",
  summary:
    "Delete the caller's organization with everything in it (projects, keys, usage, invoices, audit log, webhooks); its keys stop verifying at once. `confirmSlug` must equal its slug",
  tag: "Organization",
  permission: "org.delete",
  body: deleteOrganizationInput,
  status: 204,
});
