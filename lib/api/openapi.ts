import { z } from "zod";
import { ERROR_STATUS } from "@/lib/core/errors";
import { webhooksDocument } from "@/lib/webhooks/openapi";
import type { RouteSpec } from "./spec";
import { ALL_ROUTES } from "./specs";

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "requestId"],
      properties: {
        code: { type: "string", enum: Object.keys(ERROR_STATUS) },
        message: { type: "string" },
        requestId: { type: "string" },
        details: {
          type: "array",
          items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } },
        },
      },
    },
  },
};

const toSchema = (s: z.ZodType) => z.toJSONSchema(s, { target: "draft-2020-12", io: "input", unrepresentable: "any" });

function parameters(spec: RouteSpec) {
  const out: Record<string, unknown>[] = [];
  for (const [where, schema] of [["path", spec.params], ["query", spec.query]] as const) {
    if (!schema) continue;
    const json = toSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), schema: s });
    }
  }
  return out;
}

function operation(spec: RouteSpec) {
  const status = String(spec.status ?? 200);
  const security =
    spec.permission === "public" ? [] : spec.permission === "platform" ? [{ platformToken: [] }] : [{ adminKey: [] }, { session: [] }];
  const responses: Record<string, unknown> = {
    [status]: status === "204" ? { description: "Done" } : { description: "Success", content: { "application/json": { schema: spec.response ? toSchema(spec.response) : {} } } },
  };
  for (const code of ["400", "401", "403", "404", "409", "413", "415", "429", "500", "503"]) {
    responses[code] = { $ref: "#/components/responses/Error" };
  }
  return {
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    "x-permission": spec.permission,
    ...(spec.fieldPermissions ? { "x-field-permissions": spec.fieldPermissions } : {}),
    security,
    parameters: parameters(spec),
    ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(spec.body) } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function openApiDocument(routes: RouteSpec[] = ALL_ROUTES) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    (paths[spec.path] ??= {})[spec.method.toLowerCase()] = operation(spec);
  }
  return {
    openapi: "3.1.0",
    info: { title: "AnyInt Console API", version: "1.0.0", description: "Admin API and platform routes of the AnyInt Console." },
    servers: [{ url: "/api/v1" }],
    paths,
    webhooks: webhooksDocument(),
    components: {
      securitySchemes: {
        adminKey: { type: "http", scheme: "bearer", description: "An organization admin key (anyint_admin_…)" },
        platformToken: { type: "http", scheme: "bearer", description: "A platform token from PLATFORM_TOKENS" },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token" },
      },
      responses: {
        Error: { description: "Error envelope", content: { "application/json": { schema: errorSchema } } },
      },
    },
  };
}
