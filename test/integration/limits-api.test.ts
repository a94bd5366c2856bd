import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { limitMonitorRefusals, type User } from "@/db/schema";
import { monitorRefusals } from "@/lib/limits/monitor";
import { verifyKey } from "@/lib/keys/verify";
import { addMember, addProjectMember, asKey, asSession, auditRows, createOrg, createSession, createTestAdminKey, createTestProject, outboxRows, type OrgFixture } from "../factories";
import { createTeamKey } from "../key-factories";
import { getEffectiveLimits, getLimits, getOrganizationBudgets, monthBudget, putLimits } from "../limits-factories";
import { budgetEmails, noticesOf, postUsage, putBudget, usageEvent } from "../usage-factories";

// Budgets and rate limits at every level through the Admin API (docs/limits.md): who may set
// which section, validation that names the field and writes nothing, audit and events, and
// verification held against the whole chain. One default usage event costs 7,500 micro-dollars
// (GPT-4o: 1,000 input tokens at $2.50/M, 500 output at $10/M).
const COST = 7_500;

describe("limits API", () => {
  let fx: OrgFixture;
  let finance: Record<string, string>;
  let admin: Record<string, string>;
  let owner: Record<string, string>;

  beforeAll(async () => {
    fx = await createOrg();
    finance = asKey((await createTestAdminKey(fx, "finance")).secret);
    admin = asKey((await createTestAdminKey(fx, "admin")).secret);
    owner = asKey((await createTestAdminKey(fx, "owner")).secret);
  });

  it("lets finance set budgets and admins set rate limits, each only its own section", async () => {
    expect((await putLimits("organization", "", monthBudget(1_000_000), finance)).status).toBe(200);
    const denied = await putLimits("organization", "", { rateLimits: [{ requestsPerMinute: 10 }] }, finance);
    expect(denied.status).toBe(403);
    expect((await putLimits("organization", "", { budgets: [] }, admin)).status).toBe(403);
    expect((await putLimits("organization", "", { rateLimits: [{ requestsPerMinute: 600 }] }, admin)).status).toBe(200);
    const both = await putLimits("organization", "", { budgets: [], rateLimits: [] }, admin);
    expect(both.status).toBe(403); // budgets needs budget.manage even alongside a section it may set
    const read = await getLimits("organization", "", finance);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      level: "organization",
      targetId: fx.org.id,
      budgets: [{ period: "month", limitMicros: 1_000_000, mode: "enforce", alertThresholds: [50, 80, 100], spentMicros: 0, exceeded: false }],
      rateLimits: [{ model: null, requestsPerMinute: 600, tokensPerMinute: null, mode: "enforce" }],
    });
    await putLimits("organization", "", { budgets: [], rateLimits: [] }, owner);
  });

  it("gives project admins their project's rate limits and developers their own key's, nothing else", async () => {
    const p = await createTestProject(fx);
    const other = await createTestProject(fx);
    const lead: User = await addMember(fx.org.id, "member");
    const dev: User = await addMember(fx.org.id, "member");
    await addProjectMember(p.id, lead, "project_admin");
    await addProjectMember(p.id, dev, "developer");
    const asLead = asSession(await createSession(lead), fx.org.id);
    const asDev = asSession(await createSession(dev), fx.org.id);
    const devCtx = { ...fx.ctx, principal: { ...fx.ctx.principal, actor: { type: "user" as const, userId: dev.id, email: dev.email, name: dev.name }, role: "member" as const, projectRoles: new Map([[p.id, "developer" as const]]) } };
    const own = (await createTeamKey(fx, p.id, {}, devCtx)).key;
    const leads = (await createTeamKey(fx, p.id)).key;

    expect((await putLimits("project", p.id, { rateLimits: [{ requestsPerDay: 1000 }] }, asLead)).status).toBe(200);
    expect((await putLimits("project", p.id, monthBudget(5_000_000), asLead)).status).toBe(403);
    expect((await putLimits("project", other.id, { rateLimits: [{ requestsPerDay: 1000 }] }, asLead)).status).toBe(403);
    expect((await putLimits("key", own.id, { rateLimits: [{ requestsPerMinute: 5 }] }, asDev)).status).toBe(200);
    expect((await putLimits("key", leads.id, { rateLimits: [{ requestsPerMinute: 5 }] }, asDev)).status).toBe(403);
    expect((await putLimits("key", own.id, monthBudget(5_000_000), asDev)).status).toBe(403);
    expect((await putLimits("project", p.id, { rateLimits: [] }, asDev)).status).toBe(403);
    expect((await getLimits("organization", "", asDev)).status).toBe(403);
    expect((await getLimits("key", own.id, asDev)).body).toMatchObject({ rateLimits: [{ requestsPerMinute: 5 }] });
    const foreign = await createOrg();
    const foreignKey = (await createTeamKey(foreign, (await createTestProject(foreign)).id)).key;
    expect((await getLimits("key", foreignKey.id, owner)).status).toBe(404);
  });

  it("names the field of every invalid value and writes nothing", async () => {
    const p = await createTestProject(fx);
    await putLimits("project", p.id, monthBudget(2_000_000), owner);
    const cases: [unknown, string][] = [
      [{ budgets: [{ period: "month", limitMicros: 0 }] }, "budgets.0.limitMicros"],
      [{ budgets: [{ period: "month", limitMicros: 10, alertThresholds: [50, 101] }] }, "budgets.0.alertThresholds.1"],
      [{ budgets: [{ period: "fortnight", limitMicros: 10 }] }, "budgets.0.period"],
      [{ budgets: [{ period: "day", limitMicros: 10 }, { period: "day", limitMicros: 20 }] }, "budgets.1.period"],
      [{ budgets: [{ period: "day", limitMicros: 10, mode: "alert" }], rateLimits: [{ model: "nosuch/*", requestsPerMinute: 1 }] }, "rateLimits.0.model"],
      [{ rateLimits: [{ model: "openai/*" }] }, "rateLimits.0"],
      [{ rateLimits: [{ requestsPerMinute: 5 }, { requestsPerDay: 5 }] }, "rateLimits.1.model"],
      [{ rateLimits: [{ tokensPerMinute: -1 }] }, "rateLimits.0.tokensPerMinute"],
      [{ rateLimits: [{ requestsPerMinute: 5, mode: "alert" }] }, "rateLimits.0.mode"],
      [{}, "(body)"],
      [{ budgets: [], cap: 1 }, "(body)"],
    ];
    for (const [body, path] of cases) {
      const res = await putLimits("project", p.id, body, owner);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("INVALID_REQUEST");
      const paths = (res.body.error.details ?? []).map((d: { path: string }) => d.path);
      if (path !== "(body)") expect(paths, JSON.stringify(body)).toContain(path);
    }
    expect((await getLimits("project", p.id, owner)).body).toMatchObject({ budgets: [{ period: "month", limitMicros: 2_000_000 }], rateLimits: [] });
  });

  it("audits each change and emits limits.updated with the previous values", async () => {
    const p = await createTestProject(fx);
    await putLimits("project", p.id, monthBudget(3_000_000), owner);
    await putLimits("project", p.id, { budgets: [{ period: "week", limitMicros: 1_000_000, mode: "monitor", alertThresholds: [90] }] }, owner);
    await putLimits("project", p.id, { budgets: [{ period: "week", limitMicros: 1_000_000, mode: "monitor", alertThresholds: [90] }] }, owner); // no change
    const audit = (await auditRows(fx.org.id)).filter((r) => r.action === "limits.updated" && r.targetId === p.id);
    expect(audit).toHaveLength(2);
    const events = (await outboxRows(fx.org.id)).filter((e) => e.type === "limits.updated" && (e.payload.data as { target: { id: string } }).target.id === p.id);
    expect(events).toHaveLength(2);
    const latest = events.find((e) => (e.payload.data as { budgets: { period: string }[] }).budgets[0]?.period === "week");
    expect(latest!.payload.data).toMatchObject({
      level: "project",
      budgets: [{ period: "week", limitMicros: 1_000_000, mode: "monitor", alertThresholds: [90] }],
      previous: { budgets: [{ period: "month", limitMicros: 3_000_000, mode: "enforce" }], rateLimits: [] },
    });
  });

  it("keeps PUT /projects/{id}/budget as the project's monthly budget", async () => {
    const p = await createTestProject(fx);
    expect((await putBudget(p.id, { monthlyLimitMicros: 4_000_000, hardLimit: true }, finance)).status).toBe(200);
    expect((await getLimits("project", p.id, finance)).body.budgets).toMatchObject([{ period: "month", limitMicros: 4_000_000, mode: "enforce" }]);
    await putBudget(p.id, { monthlyLimitMicros: 4_000_000, hardLimit: false }, finance);
    expect((await getLimits("project", p.id, finance)).body.budgets).toMatchObject([{ period: "month", mode: "alert" }]);
  });
});

describe("verification against the chain", () => {
  let fx: OrgFixture;
  let owner: Record<string, string>;

  beforeAll(async () => {
    fx = await createOrg();
    owner = asKey((await createTestAdminKey(fx, "owner")).secret);
  });

  it("refuses every project's keys once the organization's enforce budget is used up, naming the organization", async () => {
    const a = await createTestProject(fx);
    const b = await createTestProject(fx);
    const ka = await createTeamKey(fx, a.id);
    const kb = await createTeamKey(fx, b.id);
    await putLimits("organization", "", monthBudget(2 * COST), owner);
    expect((await verifyKey({ key: kb.secret })).code).toBe("VALID");
    await postUsage([usageEvent(ka.key.id), usageEvent(ka.key.id)]);
    const refused = await verifyKey({ key: kb.secret });
    expect(refused).toMatchObject({
      valid: false,
      code: "BUDGET_EXCEEDED",
      projectId: b.id,
      limit: { level: "organization", kind: "budget", period: "month", limit: 2 * COST, used: 2 * COST, held: 0, resetAt: expect.stringMatching(/-01T00:00:00.000Z$/) },
    });
    const effective = await getEffectiveLimits(kb.key.id, owner, "openai/gpt-4o");
    expect(effective.body.limits).toMatchObject([{ level: "organization", kind: "budget", used: 2 * COST, remaining: 0, exhausted: true, deciding: true }]);

    // monitor: counted and shown, never refused
    await putLimits("organization", "", monthBudget(2 * COST, "monitor"), owner);
    expect((await verifyKey({ key: kb.secret })).code).toBe("VALID");
    expect((await getEffectiveLimits(kb.key.id, owner)).body.limits).toMatchObject([{ mode: "monitor", exhausted: true, deciding: false }]);
    await monitorRefusals().flush();
    const db = await getDb();
    const would = await db.select().from(limitMonitorRefusals).where(and(eq(limitMonitorRefusals.organizationId, fx.org.id), eq(limitMonitorRefusals.limitName, "budget:month")));
    expect(would.reduce((n, r) => n + r.refusals, 0)).toBe(1);
    expect((await getLimits("organization", "", owner)).body.monitorRefusals).toEqual([{ limit: "budget:month", day: new Date().toISOString().slice(0, 10), refusals: 1 }]);

    // alert: notifies, never refuses
    await putLimits("organization", "", { budgets: [{ period: "month", limitMicros: 2 * COST, mode: "alert" }] }, owner);
    expect((await verifyKey({ key: kb.secret })).code).toBe("VALID");
    expect((await noticesOf(fx.org.id, "organization")).map((n) => n.threshold).sort((x, y) => x - y)).toEqual([50, 80, 100]);
    await putLimits("organization", "", { budgets: [] }, owner);
  });

  it("lists every budget of the organization for finance, closest to its limit first, with a forecast", async () => {
    const p = await createTestProject(fx, { name: "Forecast project" });
    const k = await createTeamKey(fx, p.id);
    await putLimits("project", p.id, { budgets: [{ period: "month", limitMicros: 2 * COST, mode: "alert" }] }, owner);
    await putLimits("key", k.key.id, { budgets: [{ period: "day", limitMicros: 100 * COST }] }, owner);
    await postUsage([usageEvent(k.key.id)]);
    const res = await getOrganizationBudgets(owner);
    expect(res.status).toBe(200);
    const mine = (res.body.data as { level: string; target: { id: string; name: string; projectId: string | null }; percent: number; forecastMicros: number; spentMicros: number }[]).filter(
      (b) => b.target.id === p.id || b.target.id === k.key.id,
    );
    expect(mine.map((b) => [b.level, b.percent])).toEqual([["project", 50], ["key", 1]]);
    expect(mine[0]).toMatchObject({ target: { name: "Forecast project", projectId: p.id }, spentMicros: COST });
    expect(mine[0]!.forecastMicros).toBeGreaterThanOrEqual(COST);
  });

  it("sends each level's alerts to its people: finance owners for the organization, the owner for a key", async () => {
    const org = await createOrg();
    const ownerKey = asKey((await createTestAdminKey(org, "owner")).secret);
    const financeUser = await addMember(org.org.id, "finance");
    const lead = await addMember(org.org.id, "member");
    const p = await createTestProject(org);
    await addProjectMember(p.id, lead, "project_admin");
    const k = await createTeamKey(org, p.id); // owned by the organization's owner
    await putLimits("organization", "", { budgets: [{ period: "week", limitMicros: 2 * COST, alertThresholds: [50], mode: "alert" }] }, ownerKey);
    await putLimits("key", k.key.id, { budgets: [{ period: "day", limitMicros: 2 * COST, alertThresholds: [50], mode: "alert" }] }, ownerKey);
    await postUsage([usageEvent(k.key.id)]);
    const emails = await budgetEmails(org.org.id);
    const to = (level: string) => emails.filter((m) => (m.props as { level?: string }).level === level).map((m) => m.to).sort();
    expect(to("organization")).toEqual([org.owner.email, financeUser.email].sort());
    expect(to("key")).toEqual([org.owner.email]);
    const events = (await outboxRows(org.org.id)).filter((e) => e.type === "usage.budget_threshold_reached");
    expect(events.map((e) => (e.payload.data as { level: string }).level).sort()).toEqual(["key", "organization"]);
    expect(events.find((e) => (e.payload.data as { level: string }).level === "key")!.payload.data).toMatchObject({
      target: { type: "key", id: k.key.id },
      project: { id: p.id },
      budget: { period: "day", limitMicros: 2 * COST, mode: "alert" },
      threshold: 50,
      spentMicros: COST,
    });
  });

  it("refuses one key on its own budget while its project's other keys go on", async () => {
    const p = await createTestProject(fx);
    const spender = await createTeamKey(fx, p.id);
    const sibling = await createTeamKey(fx, p.id);
    await putLimits("key", spender.key.id, { budgets: [{ period: "day", limitMicros: COST }] }, owner);
    await postUsage([usageEvent(spender.key.id)]);
    expect(await verifyKey({ key: spender.secret })).toMatchObject({
      code: "BUDGET_EXCEEDED",
      message: expect.stringMatching(/^The key's daily budget of \$0\.0075 has no room for this call/),
      limit: { level: "key", period: "day" },
    });
    expect((await verifyKey({ key: sibling.secret })).code).toBe("VALID");
  });

  it("lets the tightest limit decide, and runs the key's own checks first", async () => {
    const p = await createTestProject(fx);
    const k = await createTeamKey(fx, p.id, { allowedModels: ["openai/gpt-4o"] });
    await putLimits("project", p.id, { budgets: [{ period: "month", limitMicros: COST }, { period: "day", limitMicros: 100 * COST }] }, owner);
    await putLimits("key", k.key.id, { budgets: [{ period: "week", limitMicros: 4 * COST }] }, owner);
    await postUsage([usageEvent(k.key.id)]);
    expect(await verifyKey({ key: k.secret, model: "openai/gpt-4o" })).toMatchObject({ code: "BUDGET_EXCEEDED", limit: { level: "project", period: "month" } });
    expect((await verifyKey({ key: k.secret, model: "openai/gpt-4o-mini" })).code).toBe("MODEL_NOT_ALLOWED");
    const explained = (await getEffectiveLimits(k.key.id, owner)).body.limits as { level: string; period: string; deciding: boolean }[];
    expect(explained.map((l) => `${l.level}:${l.period}`)).toEqual(["key:week", "project:day", "project:month"]);
    expect(explained.find((l) => l.deciding)).toMatchObject({ level: "project", period: "month" });
  });

  it("limits requests per minute across a project's keys, and per model pattern", async () => {
    const p = await createTestProject(fx);
    const k1 = await createTeamKey(fx, p.id);
    const k2 = await createTeamKey(fx, p.id);
    await putLimits("project", p.id, { rateLimits: [{ requestsPerMinute: 3 }, { model: "anthropic/*", requestsPerMinute: 1 }] }, owner);
    const now = Date.now() - (Date.now() % 60_000) + 1_000; // one minute for every call below
    expect((await verifyKey({ key: k1.secret, model: "anthropic/claude-sonnet-4" }, now)).code).toBe("VALID");
    expect(await verifyKey({ key: k2.secret, model: "anthropic/claude-opus-4" }, now)).toMatchObject({
      code: "RATE_LIMITED",
      limit: { level: "project", kind: "requests", window: "minute", model: "anthropic/*", limit: 1, used: 1 },
    });
    expect((await verifyKey({ key: k2.secret, model: "openai/gpt-4o" }, now)).code).toBe("VALID");
    expect((await verifyKey({ key: k1.secret }, now)).code).toBe("VALID");
    expect(await verifyKey({ key: k2.secret }, now)).toMatchObject({ code: "RATE_LIMITED", limit: { kind: "requests", limit: 3, used: 3, resetAt: new Date(now - 1_000 + 60_000).toISOString() } });
    expect((await verifyKey({ key: k2.secret }, now + 60_000)).code).toBe("VALID"); // the next minute
  });
});

describe("budget periods on the calendar (UTC)", () => {
  let fx: OrgFixture;
  let owner: Record<string, string>;
  const DAY = 86_400_000;

  beforeAll(async () => {
    fx = await createOrg();
    owner = asKey((await createTestAdminKey(fx, "owner")).secret);
  });

  /** A key with one enforce budget of `period`, used up by one event a minute before `boundary`. */
  async function usedUpBefore(period: "day" | "week" | "month", boundary: number) {
    const p = await createTestProject(fx);
    const k = await createTeamKey(fx, p.id);
    await putLimits("key", k.key.id, { budgets: [{ period, limitMicros: COST }] }, owner);
    const { ingestUsage } = await import("@/lib/usage/ingest");
    const at = boundary - 60_000;
    expect((await ingestUsage([usageEvent(k.key.id, { timestamp: new Date(at).toISOString() })], at + 1_000)).accepted).toBe(1);
    return k.secret;
  }

  it("ends a day at midnight, a week on Monday 00:00 and a month on the 1st", async () => {
    const today = Math.floor(Date.now() / DAY) * DAY;
    const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY; // this week's Monday
    const d = new Date(Date.now());
    const firstOfMonth = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    for (const [period, boundary] of [["day", today], ["week", monday], ["month", firstOfMonth]] as const) {
      const secret = await usedUpBefore(period, boundary);
      const before = await verifyKey({ key: secret }, boundary - 1);
      expect(before, period).toMatchObject({ code: "BUDGET_EXCEEDED", limit: { period, resetAt: new Date(boundary).toISOString() } });
      expect((await verifyKey({ key: secret }, boundary)).code, period).toBe("VALID");
    }
  });
});
