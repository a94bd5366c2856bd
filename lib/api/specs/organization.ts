import { defineRoute } from "../spec";

export const getOrganizationRoute = defineRoute({
  method: "GET",
  path: "/organization",
  summary: "The caller's organization: name, slug, plan and enabled features",
  tag: "Organization",
  permission: "org.read",
});
