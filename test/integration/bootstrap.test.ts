import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as getOrganization } from "@/app/api/v1/organization/route";
import { getDb } from "@/db/client";
import { adminKeys, memberships } from "@/db/schema";
import { isWellFormed } from "@/lib/keys/format";
import { bootstrapOrganization } from "@/lib/orgs/bootstrap";
import { AppError } from "@/lib/core/errors";
import { apiRequest, asKey, auditRows, call, unique } from "../factories";

// `npm run cli -- bootstrap --org-name NAME --owner-email EMAIL --json` (spec/api.md).
describe("bootstrapOrganization", () => {
  it("answers exactly {organization, owner, adminKey}, and the key works", async () => {
    const db = await getDb();
    const email = `${unique("founder")}@Example.TEST`;
    const orgName = unique("Bootstrap Co");

    const out = await bootstrapOrganization(db, { orgName, ownerEmail: email });

    expect(Object.keys(out).sort()).toEqual(["adminKey", "organization", "owner"]);
    expect(Object.keys(out.organization).sort()).toEqual(["id", "name", "slug"]);
    expect(Object.keys(out.owner).sort()).toEqual(["email", "id"]);
    expect(out).toEqual({
      organization: { id: expect.stringMatching(/^org_/), slug: expect.any(String), name: orgName },
      owner: { id: expect.stringMatching(/^usr_/), email: email.toLowerCase() },
      adminKey: expect.any(String),
    });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    expect(isWellFormed(out.adminKey, "admin")).toBe(true);

    const res = await call(getOrganization, apiRequest("GET", "/organization", { headers: asKey(out.adminKey) }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(out.organization);

    const [key] = await db.select().from(adminKeys).where(eq(adminKeys.organizationId, out.organization.id));
    expect(key).toMatchObject({ role: "owner", createdById: out.owner.id });
    const [membership] = await db.select().from(memberships).where(eq(memberships.organizationId, out.organization.id));
    expect(membership).toMatchObject({ userId: out.owner.id, role: "owner", joinedVia: "bootstrap" });
    const actions = (await auditRows(out.organization.id)).map((a) => a.action).sort();
    expect(actions).toEqual(["organization.created", "security.admin_key.created"]);
    expect(JSON.stringify(await auditRows(out.organization.id))).not.toContain(out.adminKey);
  });

  it("reuses an existing owner and gives a second organization its own slug", async () => {
    const db = await getDb();
    const ownerEmail = `${unique("repeat")}@example.test`;
    const orgName = unique("Twice");
    const first = await bootstrapOrganization(db, { orgName, ownerEmail });
    const second = await bootstrapOrganization(db, { orgName, ownerEmail });
    expect(second.owner.id).toBe(first.owner.id);
    expect(second.organization.slug).not.toBe(first.organization.slug);
    expect(second.adminKey).not.toBe(first.adminKey);
  });

  it("names every bad field", async () => {
    const db = await getDb();
    const error = await bootstrapOrganization(db, { orgName: " ", ownerEmail: "not-an-email" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("INVALID_REQUEST");
    expect((error as AppError).fieldErrors.map((f) => f.path).sort()).toEqual(["orgName", "ownerEmail"]);

    const missing = (await bootstrapOrganization(db, {}).catch((e: unknown) => e)) as AppError;
    expect(missing.fieldErrors.map((f) => f.path).sort()).toEqual(["orgName", "ownerEmail"]);
  });
});
