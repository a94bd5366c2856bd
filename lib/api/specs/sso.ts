import { z } from "zod";
import { connectionBody, patchConnectionInput } from "@/lib/sso/schemas";
import { defineRoute } from "../spec";

const TAG = "Single sign-on";
const connectionParams = z.object({ connectionId: z.string().min(1).max(100) });

export const listSsoConnectionsRoute = defineRoute({
  method: "GET",
  path: "/sso-connections",
  summary: "List the organization's SSO connections (never a client secret), with whether each passed its test",
  tag: TAG,
  permission: "security.read",
});

export const createSsoConnectionRoute = defineRoute({
  method: "POST",
  path: "/sso-connections",
  summary: "Add an OIDC (issuer, client id, client secret) or SAML (metadataXml or metadataUrl) connection; needs the sso plan feature",
  tag: TAG,
  permission: "security.manage",
  body: connectionBody,
  status: 201,
});

export const getSsoConnectionRoute = defineRoute({
  method: "GET",
  path: "/sso-connections/{connectionId}",
  summary: "Read an SSO connection",
  tag: TAG,
  permission: "security.read",
  params: connectionParams,
});

export const updateSsoConnectionRoute = defineRoute({
  method: "PATCH",
  path: "/sso-connections/{connectionId}",
  summary: "Change an SSO connection; a new secret, issuer or metadata needs a new test sign-in from the console",
  tag: TAG,
  permission: "security.manage",
  params: connectionParams,
  body: patchConnectionInput,
});

export const deleteSsoConnectionRoute = defineRoute({
  method: "DELETE",
  path: "/sso-connections/{connectionId}",
  summary: "Delete an SSO connection",
  tag: TAG,
  permission: "security.manage",
  params: connectionParams,
  status: 204,
});
