import { z } from "zod";
import { createAdminKeyInput, listAdminKeysQuery } from "@/lib/admin-keys/schemas";
import { defineRoute } from "../spec";

export const listAdminKeysRoute = defineRoute({
  method: "GET",
  path: "/admin-keys",
  summary: "List the organization's admin keys (never their secrets)",
  tag: "Admin keys",
  permission: "admin_key.manage",
  query: listAdminKeysQuery,
});

export const createAdminKeyRoute = defineRoute({
  method: "POST",
  path: "/admin-keys",
  summary: "Create an admin key; the answer holds its secret, shown this once",
  tag: "Admin keys",
  permission: "admin_key.manage",
  body: createAdminKeyInput,
  status: 201,
});

export const revokeAdminKeyRoute = defineRoute({
  method: "POST",
  path: "/admin-keys/{adminKeyId}/revoke",
  summary: "Revoke an admin key now",
  tag: "Admin keys",
  permission: "admin_key.manage",
  params: z.object({ adminKeyId: z.string().min(1).max(100) }),
});
