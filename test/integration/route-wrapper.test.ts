import { afterEach, describe, expect, it, vi } from "vitest";
import { defineRoute } from "@/lib/api/spec";
import { createProject } from "@/lib/projects/service";
import { apiRoute } from "@/lib/server/route";
import { apiRequest, asKey, call, createOrg, createTestAdminKey, orgState } from "../factories";

// apiRoute itself, with routes made up for the test: the error envelope and the transaction.
const failingRoute = defineRoute({
  method: "POST",
  path: "/test/fail",
  summary: "fails after writing",
  tag: "Test",
  permission: "project.create",
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("apiRoute", () => {
  it("masks an unexpected error as 500 with a request id, and rolls back what the handler wrote", async () => {
    const fx = await createOrg();
    const { secret } = await createTestAdminKey(fx, "owner");
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = apiRoute(failingRoute, async ({ db, ctx }) => {
      await createProject(db, ctx, { name: "Never Kept" });
      throw new Error('relation "secret_table" does not exist at select * from secret_table');
    });
    const before = await orgState(fx.org.id);

    const res = await call(handler, apiRequest("POST", "/test/fail", { headers: { ...asKey(secret), "x-request-id": "req-masked-1" } }));

    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({ code: "INTERNAL_ERROR", message: expect.any(String), requestId: "req-masked-1" });
    expect(JSON.stringify(res.body)).not.toMatch(/secret_table|select|at /);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("req-masked-1"));
    expect(await orgState(fx.org.id)).toEqual(before);
  });

  it("refuses to serve a platform or public spec", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const spec = defineRoute({ method: "GET", path: "/test/public", summary: "open", tag: "Test", permission: "public" });
    const res = await call(apiRoute(spec, async () => ({ ok: true })), apiRequest("GET", "/test/public"));
    expect(res.status).toBe(500);
  });
});
