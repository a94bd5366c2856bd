import { z } from "zod";
import { createKeyInput, createServiceAccountInput, listKeysQuery, rotateKeyInput, updateKeyInput } from "@/lib/keys/schemas";
import { defineRoute } from "../spec";
import { projectParams } from "./projects";

export const keyParams = z.object({ keyId: z.string().min(1).max(100) });

export const listKeysRoute = defineRoute({
  method: "GET",
  path: "/projects/{projectId}/keys",
  summary: "List a project's keys (never their secrets); filter by environment and status",
  tag: "Keys",
  permission: "key.read",
  params: projectParams,
  query: listKeysQuery,
});

export const createKeyRoute = defineRoute({
  method: "POST",
  path: "/projects/{projectId}/keys",
  summary: "Create a key for an environment; the answer holds its secret, shown this once",
  tag: "Keys",
  permission: "key.create",
  params: projectParams,
  body: createKeyInput,
  status: 201,
});

export const getKeyRoute = defineRoute({
  method: "GET",
  path: "/keys/{keyId}",
  summary: "Read a key: restrictions, effective models, status, last use",
  tag: "Keys",
  permission: "key.read",
  params: keyParams,
});

export const updateKeyRoute = defineRoute({
  method: "PATCH",
  path: "/keys/{keyId}",
  summary: "Change a key's name and restrictions",
  tag: "Keys",
  permission: "key.update",
  params: keyParams,
  body: updateKeyInput,
});

export const rotateKeyRoute = defineRoute({
  method: "POST",
  path: "/keys/{keyId}/rotate",
  summary: "Issue a new secret; the old one keeps working for the grace period (0 to 7 days)",
  tag: "Keys",
  permission: "key.rotate",
  params: keyParams,
  body: rotateKeyInput,
});

export const revokeKeyRoute = defineRoute({
  method: "POST",
  path: "/keys/{keyId}/revoke",
  summary: "Revoke a key now, permanently",
  tag: "Keys",
  permission: "key.revoke",
  params: keyParams,
});

export const listServiceAccountsRoute = defineRoute({
  method: "GET",
  path: "/projects/{projectId}/service-accounts",
  summary: "List a project's service accounts",
  tag: "Service accounts",
  permission: "project.read",
  params: projectParams,
});

export const createServiceAccountRoute = defineRoute({
  method: "POST",
  path: "/projects/{projectId}/service-accounts",
  summary: "Create a service account (a non-human key owner) in a project",
  tag: "Service accounts",
  permission: "project.update",
  params: projectParams,
  body: createServiceAccountInput,
  status: 201,
});

export const listModelsRoute = defineRoute({
  method: "GET",
  path: "/models",
  summary: "The model catalog, prices in micro-dollars per million tokens, and whether the organization allows each",
  tag: "Models",
  permission: "org.read",
});
