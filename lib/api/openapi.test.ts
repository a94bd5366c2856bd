import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isPermission } from "@/lib/rbac";
import { openApiDocument } from "./openapi";
import { ALL_ROUTES } from "./specs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const API_DIR = path.join(ROOT, "app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Routes with no spec on purpose: the document itself. */
const UNDOCUMENTED = new Set(["GET /openapi.json"]);

/** `app/api/v1/projects/[projectId]/route.ts` → `/projects/{projectId}` */
function routePath(file: string) {
  const dir = path.dirname(path.relative(API_DIR, file)).split(path.sep).join("/");
  return `/${dir === "." ? "" : dir}`.replace(/\[(\w+)\]/g, "{$1}");
}

function routeFiles(): string[] {
  return (fs.readdirSync(API_DIR, { recursive: true }) as string[])
    // the catch-all answers unknown paths with the NOT_FOUND envelope: it is no operation
    .filter((f) => path.basename(f) === "route.ts" && !f.includes("[...rest]"))
    .map((f) => path.join(API_DIR, f));
}

describe("the OpenAPI document", () => {
  const doc = openApiDocument();
  const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;

  it("is OpenAPI 3.1 served under /api/v1", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([{ url: "/api/v1" }]);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("lists every route spec with its method, permission and success status", () => {
    expect(ALL_ROUTES.length).toBeGreaterThan(0);
    for (const spec of ALL_ROUTES) {
      const op = paths[spec.path]?.[spec.method.toLowerCase()];
      expect(op, `${spec.method} ${spec.path}`).toBeDefined();
      expect(op!["x-permission"]).toBe(spec.permission);
      expect(op!.summary).toBe(spec.summary);
      expect(Object.keys(op!.responses as object)).toContain(String(spec.status ?? 200));
    }
    const documented = Object.values(paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(documented).toBe(ALL_ROUTES.length);
  });

  it("has no two specs for the same method and path", () => {
    const keys = ALL_ROUTES.map((s) => `${s.method} ${s.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("gives every route a known permission and every Admin API route both credentials", () => {
    for (const spec of ALL_ROUTES) {
      expect(isPermission(spec.permission) || ["public", "platform"].includes(spec.permission), spec.path).toBe(true);
      if (isPermission(spec.permission)) {
        expect(paths[spec.path]![spec.method.toLowerCase()]!.security).toEqual([{ adminKey: [] }, { session: [] }]);
      }
    }
  });

  it("carries the request body schema of every route that takes one", () => {
    for (const spec of ALL_ROUTES.filter((s) => s.body)) {
      const op = paths[spec.path]![spec.method.toLowerCase()]!;
      const schema = (op.requestBody as { content: Record<string, { schema: Record<string, unknown> }> }).content["application/json"]!.schema;
      expect(schema.type, `${spec.method} ${spec.path}`).toBe("object");
      expect(Object.keys(schema.properties as object).length).toBeGreaterThan(0);
      expect(schema.additionalProperties, "unknown fields are refused").toBe(false);
    }
    for (const spec of ALL_ROUTES.filter((s) => !s.body)) {
      expect(paths[spec.path]![spec.method.toLowerCase()]!.requestBody, `${spec.method} ${spec.path}`).toBeUndefined();
    }
  });

  it("declares every path parameter", () => {
    for (const spec of ALL_ROUTES) {
      const names = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = paths[spec.path]![spec.method.toLowerCase()]!.parameters as { name: string; in: string }[];
      expect(params.filter((p) => p.in === "path").map((p) => p.name), spec.path).toEqual(names);
    }
  });

  it("has a spec for every method exported by app/api/v1/**/route.ts, and a route for every spec", async () => {
    const exported: string[] = [];
    for (const file of routeFiles()) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS) {
        if (typeof mod[method] === "function") exported.push(`${method} ${routePath(file)}`);
      }
    }
    expect(exported).toContain("GET /projects");
    const specified = ALL_ROUTES.map((s) => `${s.method} ${s.path}`);
    expect(exported.filter((r) => !UNDOCUMENTED.has(r)).sort()).toEqual(specified.sort());
  });
});
