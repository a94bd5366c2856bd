import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { accounts, apiKeys, memberships, notificationPreferences, serviceAccounts, ssoConnections, ssoDomains, type User } from "@/db/schema";
import { governanceOverview, type GovernanceCheck } from "@/lib/governance";
import { createServiceAccount } from "@/lib/keys/service-accounts";
import { findOrCreateUser } from "@/lib/orgs/service";
import { addMember, addProjectMember, createOrg, createTestProject, unique, type OrgFixture } from "../factories";
import { userContext } from "../factories";
import { createTeamKey, inTransaction } from "../key-factories";
import { createTestEndpoint } from "../webhook-factories";
import { can, type OrgRole } from "@/lib/rbac";

async function overview(fx: OrgFixture, role: OrgRole = "owner", user: User = fx.owner) {
  const db = await getDb();
  const principal = userContext(user, fx.org.id, role).principal;
  const checks = await governanceOverview(db, (permission) => can(principal, permission), fx.org);
  return Object.fromEntries(checks.map((c) => [c.id, c])) as Record<string, GovernanceCheck>;
}

const count = (check: GovernanceCheck, label: string) => check.counts.find((c) => c.label === label)?.value;

describe("governance overview: keys", () => {
  it("finds owners spanning environments, production keys without IP allowlist or expiry, and keys without an owner", async () => {
    const fx = await createOrg();
    const project = await createTestProject(fx, { name: unique("Payments") });
    const sa = await inTransaction(fx, (tx, ctx) => createServiceAccount(tx, ctx, project.id, { name: "payments-bot" }));
    const expiresAt = new Date(Date.now() + 30 * 86400_000).toISOString();
    const spanning = await createTeamKey(fx, project.id, { name: "bot prod", environment: "production", serviceAccountId: sa.id });
    await createTeamKey(fx, project.id, { name: "bot staging", environment: "staging", serviceAccountId: sa.id });
    await createTeamKey(fx, project.id, { name: "locked prod", environment: "production", ipAllowlist: ["10.0.0.0/8"], expiresAt });
    // the owner's own keys in production (locked prod) and development: the owner spans environments too
    await createTeamKey(fx, project.id, { name: "owner dev", environment: "development" });
    // a member who leaves, and a deleted service account
    const leaver = await addMember(fx.org.id, "admin");
    const leaverKey = await createTeamKey(fx, project.id, { name: "leaver key", environment: "development" }, userContext(leaver, fx.org.id, "admin"));
    const db = await getDb();
    await db.delete(memberships).where(eq(memberships.userId, leaver.id));
    const sa2 = await inTransaction(fx, (tx, ctx) => createServiceAccount(tx, ctx, project.id, { name: "old-bot" }));
    const orphan = await createTeamKey(fx, project.id, { name: "orphan", environment: "staging", serviceAccountId: sa2.id });
    await db.delete(serviceAccounts).where(eq(serviceAccounts.id, sa2.id));
    // revoked keys do not count
    const revoked = await createTeamKey(fx, project.id, { name: "revoked prod", environment: "production" });
    await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, revoked.key.id));

    const checks = await overview(fx);
    const shared = checks["shared-environments"]!;
    expect(shared.status).toBe("attention");
    expect(shared.items.map((i) => i.label).sort()).toEqual([`Member Owner in ${project.name}`, `Service account payments-bot in ${project.name}`].sort());
    expect(shared.items.find((i) => i.label.includes("payments-bot"))!.detail).toBe("holds keys in production, staging");

    const ip = checks["production-ip-allowlist"]!;
    expect(ip.status).toBe("attention");
    expect(count(ip, "production keys")).toBe(2);
    expect(ip.items).toEqual([{ label: `bot prod (${project.name})`, detail: "no IP allowlist", href: `/${fx.org.slug}/projects/${project.slug}/keys/${spanning.key.id}` }]);

    const expiry = checks["production-expiry"]!;
    expect(expiry.items.map((i) => i.label)).toEqual([`bot prod (${project.name})`]);

    const ownerless = checks["keys-without-owner"]!;
    expect(ownerless.status).toBe("attention");
    expect(ownerless.items.map((i) => [i.label.split(" (")[0], i.detail])).toEqual(
      [
        ["leaver key", `${leaver.name} left the organization`],
        ["orphan", "owner deleted"],
      ].sort(),
    );
    expect(ownerless.items.find((i) => i.label.startsWith("leaver"))!.href).toContain(leaverKey.key.id);
    expect(ownerless.items.find((i) => i.label.startsWith("orphan"))!.href).toContain(orphan.key.id);
  });

  it("answers ok for a tidy organization", async () => {
    const fx = await createOrg();
    const project = await createTestProject(fx, { allowedModels: ["openai/gpt-4o-mini"] });
    const sa = await inTransaction(fx, (tx, ctx) => createServiceAccount(tx, ctx, project.id, { name: "prod-bot" }));
    await createTeamKey(fx, project.id, { environment: "production", serviceAccountId: sa.id, ipAllowlist: ["192.0.2.0/24"], expiresAt: new Date(Date.now() + 86400_000).toISOString() });
    await createTeamKey(fx, project.id, { environment: "staging" });
    await addMember(fx.org.id, "owner");
    const checks = await overview(fx);
    for (const id of ["shared-environments", "production-ip-allowlist", "production-expiry", "keys-without-owner", "admins-owners", "models", "team-isolation"]) {
      expect(checks[id]!.status, id).toBe("ok");
    }
  });
});

describe("governance overview: people, teams and automation", () => {
  it("warns about a single owner and many admins, and members bridging projects", async () => {
    const fx = await createOrg();
    const projects = [await createTestProject(fx), await createTestProject(fx), await createTestProject(fx)];
    const bridge = await addMember(fx.org.id, "member");
    for (const p of projects) await addProjectMember(p.id, bridge, "developer");
    for (let i = 0; i < 4; i++) await addMember(fx.org.id, "admin");

    const checks = await overview(fx);
    const admins = checks["admins-owners"]!;
    expect(admins.status).toBe("attention");
    expect(admins.summary).toMatch(/only one owner/);
    expect(admins.summary).toMatch(/4 admins of 6 members/);
    expect([count(admins, "owners"), count(admins, "admins")]).toEqual([1, 4]);

    const isolation = checks["team-isolation"]!;
    expect(isolation.status).toBe("attention");
    expect(isolation.items[0]).toMatchObject({ label: bridge.name, detail: expect.stringMatching(/^has roles in 3 projects/) });
    expect(count(isolation, "active projects")).toBe(3);

    const models = checks.models!;
    expect(models.status).toBe("attention");
    expect(count(models, "projects without restriction")).toBe(3);
  });

  it("lists members outside the verified domains or who never used SSO", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    const domain = `${unique("corp")}.example`;
    const db = await getDb();
    expect((await overview(fx))["members-outside-sso"]).toMatchObject({ status: "info", summary: expect.stringMatching(/No verified domain yet/) });

    await db.insert(ssoDomains).values({ organizationId: fx.org.id, domain, verificationToken: "t", verifiedAt: new Date() });
    const [conn] = await db.insert(ssoConnections).values({ organizationId: fx.org.id, protocol: "oidc", name: "Okta" }).returning();
    const viaAccount = await addMember(fx.org.id, "member", await findOrCreateUser(db, `${unique("sso")}@${domain}`));
    await db.insert(accounts).values({ userId: viaAccount.id, type: "oidc", provider: `sso:${conn!.id}`, providerAccountId: unique("sub") });
    const never = await addMember(fx.org.id, "member", await findOrCreateUser(db, `${unique("never")}@${domain}`));

    const check = (await overview(fx, "security"))["members-outside-sso"]!;
    expect(check.status).toBe("attention");
    expect(check.items.map((i) => i.detail)).toEqual([`${fx.owner.email}: not on a verified domain`, `${never.email}: never signed in through SSO`]);
    expect(count(check, "outside verified domains")).toBe(1);

    const team = await createOrg({ plan: "team" });
    expect((await overview(team))["members-outside-sso"]).toMatchObject({ status: "info", summary: expect.stringMatching(/not part of this plan/) });
  });

  it("names event types without an enabled webhook endpoint, and the notification opt-outs", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    expect((await overview(fx))["event-automation"]).toMatchObject({ status: "attention", items: expect.arrayContaining([expect.objectContaining({ label: "security.sessions.revoked" })]) });
    await createTestEndpoint(fx, "https://hooks.example.com/anyint", ["security.*", "key.*"]);
    const after = (await overview(fx))["event-automation"]!;
    expect(after.status).toBe("ok");
    expect(after.items.map((i) => i.label)).not.toContain("security.sessions.revoked");
    expect(after.items.map((i) => i.label)).toContain("project.created");

    const member = await addMember(fx.org.id, "member");
    const db = await getDb();
    await db.insert(notificationPreferences).values({ userId: member.id, organizationId: fx.org.id, category: "keys", enabled: false });
    const notifications = (await overview(fx))["notifications"]!;
    expect(notifications.items.find((i) => i.label === "Key expiry")!.detail).toBe("1 member has turned it off");
  });

  it("shows each role only what it may read", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    const ids = async (role: OrgRole) => Object.keys(await overview(fx, role, await addMember(fx.org.id, role))).sort();
    const keyChecks = ["keys-without-owner", "production-expiry", "production-ip-allowlist", "shared-environments"];
    expect(await ids("member")).toEqual(["admins-owners", "notifications"]);
    expect(await ids("finance")).toEqual(["admins-owners", "models", "notifications", "team-isolation"]);
    expect(await ids("security")).toEqual([...keyChecks, "admins-owners", "members-outside-sso", "models", "notifications", "team-isolation"].sort());
    expect(await ids("admin")).toEqual([...keyChecks, "admins-owners", "event-automation", "members-outside-sso", "models", "notifications", "team-isolation"].sort());
  });
});
