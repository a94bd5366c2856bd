import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/organization/route";
import { FEATURES, PLANS } from "@/lib/orgs/plans";
import {
  addMember,
  apiRequest,
  asKey,
  asSession,
  call,
  createOrg,
  createSession,
  createTestAdminKey,
  createUser,
} from "../factories";

const getOrganization = (headers: Record<string, string>) => call(GET, apiRequest("GET", "/organization", { headers }));

describe("GET /organization", () => {
  it("answers the key's organization with its plan and features", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    const { secret } = await createTestAdminKey(fx, "finance");

    const res = await getOrganization(asKey(secret));

    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      id: fx.org.id,
      name: fx.org.name,
      slug: fx.org.slug,
      plan: { id: "enterprise", name: "Enterprise" },
      features: Object.entries(FEATURES).map(([key, label]) => ({
        key,
        label,
        enabled: (PLANS.enterprise.features as string[]).includes(key),
      })),
      createdAt: fx.org.createdAt.toISOString(),
    });
  });

  it("lists every feature, enabled or not, for the plan", async () => {
    const fx = await createOrg({ plan: "team" });
    const { secret } = await createTestAdminKey(fx, "owner");

    const res = await getOrganization(asKey(secret));

    expect(res.body.plan).toEqual({ id: "team", name: "Team" });
    expect(res.body.features.map((f: { key: string }) => f.key)).toEqual(Object.keys(FEATURES));
    const enabled = res.body.features.filter((f: { enabled: boolean }) => f.enabled).map((f: { key: string }) => f.key);
    expect(enabled).toEqual(Object.keys(FEATURES).filter((k) => (PLANS.team.features as string[]).includes(k)));
  });

  it("answers a signed-in member's only organization without a header", async () => {
    const fx = await createOrg();
    const member = await addMember(fx.org.id, "member");

    const res = await getOrganization(asSession(await createSession(member)));

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: fx.org.id, slug: fx.org.slug });
  });

  it("asks a member of several organizations to name one in the AnyInt-Organization header", async () => {
    const user = await createUser();
    const first = await createOrg({ owner: user });
    const second = await createOrg({ owner: user });
    const cookie = await createSession(user);

    const res = await getOrganization(asSession(cookie));

    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("INVALID_REQUEST");
    expect(res.body.error.message).toContain("AnyInt-Organization");
    expect(res.body.error.details).toEqual([{ path: "AnyInt-Organization", message: expect.any(String) }]);

    const byId = await getOrganization(asSession(cookie, second.org.id));
    expect(byId.status).toBe(200);
    expect(byId.body.id).toBe(second.org.id);

    const bySlug = await getOrganization(asSession(cookie, first.org.slug));
    expect(bySlug.status).toBe(200);
    expect(bySlug.body.id).toBe(first.org.id);
  });

  it("answers 404 when the header names an organization the user is not in, or none", async () => {
    const fx = await createOrg();
    const outsider = await createOrg();
    const cookie = await createSession(fx.owner);

    for (const named of [outsider.org.id, outsider.org.slug, "org_doesnotexist", "no-such-org"]) {
      const res = await getOrganization(asSession(cookie, named));
      expect(res.status, named).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
    }
  });

  it("answers 404 to a signed-in user who belongs to no organization", async () => {
    const loner = await createUser();
    const res = await getOrganization(asSession(await createSession(loner)));
    expect(res.status).toBe(404);
  });

  it("carries a request id in the answer's header and in errors", async () => {
    const res = await call(GET, apiRequest("GET", "/organization", { headers: { "x-request-id": "req-from-test-1" } }));
    expect(res.status).toBe(401);
    expect(res.headers.get("x-request-id")).toBe("req-from-test-1");
    expect(res.body.error.requestId).toBe("req-from-test-1");
  });
});
