import { beforeAll, describe, expect, it } from "vitest";
import { onPostgres, POSTGRES_ONLY } from "../databases";
import { getDb } from "@/db/client";
import { explainAccess } from "@/lib/keys/explain";
import { verifyKey } from "@/lib/keys/verify";
import type { User } from "@/db/schema";
import { budgetAlertEmail, type BudgetAlertEmailProps } from "@/lib/email/templates/budget-alert";
import { addMember, addProjectMember, asKey, auditRows, createOrg, createTestAdminKey, createTestProject, outboxRows, type OrgFixture } from "../factories";
import { createTeamKey } from "../key-factories";
import { budgetEmails, eventsOfType, noticesOf, postUsage, putBudget, usageEvent } from "../usage-factories";

// Budgets: alerts once per threshold per month, and a hard limit that verification enforces
// from the moment the ingest call that reached it returns. One GPT-4o event of 1,000 input
// tokens costs 2,500 micro-dollars; the budget is 10,000 (four such events).
const spend = (keyId: string, n: number) => postUsage(Array.from({ length: n }, () => usageEvent(keyId, { inputTokens: 1000, outputTokens: 0 })));

describe("budgets", () => {
  let fx: OrgFixture;
  let finance: Record<string, string>;
  let projectId: string;
  let keyId: string;
  let secret: string;
  let people: Record<"finance" | "projectAdmin" | "developer", User>;

  beforeAll(async () => {
    fx = await createOrg();
    finance = asKey((await createTestAdminKey(fx, "finance")).secret);
    projectId = (await createTestProject(fx)).id;
    ({ key: { id: keyId }, secret } = await createTeamKey(fx, projectId));
    people = { finance: await addMember(fx.org.id, "finance"), projectAdmin: await addMember(fx.org.id, "member"), developer: await addMember(fx.org.id, "member") };
    await addProjectMember(projectId, people.projectAdmin, "project_admin");
    await addProjectMember(projectId, people.developer, "developer");
  });

  it("validates the budget and answers it with this month's spend", async () => {
    for (const body of [{ monthlyLimitMicros: 0 }, { monthlyLimitMicros: 1.5 }, { monthlyLimitMicros: 10, alertThresholds: [0] }, { monthlyLimitMicros: 10, cap: 1 }]) {
      const res = await putBudget(projectId, body, finance);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const res = await putBudget(projectId, { monthlyLimitMicros: 10_000, alertThresholds: [100, 50, 80, 50], hardLimit: true }, finance);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ projectId, monthlyLimitMicros: 10_000, alertThresholds: [50, 80, 100], hardLimit: true, spentMicros: 0, exceeded: false });
    const audit = (await auditRows(fx.org.id)).filter((r) => r.action === "budget.updated");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toEqual({ budget: { from: null, to: { monthlyLimitMicros: 10_000, alertThresholds: [50, 80, 100], hardLimit: true } } });
    const updated = (await outboxRows(fx.org.id)).filter((e) => e.type === "project.updated");
    expect(updated.at(-1)!.payload.data).toMatchObject({ budget: { monthlyLimitMicros: 10_000 } });
  });

  it("alerts once per threshold, to finance, owners and project admins, and refuses keys from the call that reached 100 %", async () => {
    expect((await verifyKey({ key: secret })).code).toBe("VALID"); // cached as valid

    await spend(keyId, 2); // 5,000: 50 %
    expect((await noticesOf(projectId)).map((n) => n.threshold)).toEqual([50]);
    await spend(keyId, 1); // 7,500: 75 %, nothing new
    expect(await eventsOfType(fx.org.id, "usage.budget_threshold_reached")).toHaveLength(1);
    expect((await verifyKey({ key: secret })).code).toBe("VALID");

    await spend(keyId, 1); // 10,000: 80 % and 100 % in one batch
    const answer = await verifyKey({ key: secret });
    expect(answer).toMatchObject({ valid: false, code: "BUDGET_EXCEEDED", projectId, message: expect.stringContaining("monthly budget of $0.01 has no room") });
    const reached = await eventsOfType(fx.org.id, "usage.budget_threshold_reached");
    expect(reached.map((e) => (e.payload.data as { threshold: number }).threshold).sort((x, y) => x - y)).toEqual([50, 80, 100]);
    expect(reached[0]!.payload.data).toMatchObject({ project: { id: projectId }, budget: { monthlyLimitMicros: 10_000, hardLimit: true }, spentMicros: 5000 });
    const exceeded = await eventsOfType(fx.org.id, "usage.budget_exceeded");
    expect(exceeded).toHaveLength(1);
    expect(exceeded[0]!.payload.data).toMatchObject({ spentMicros: 10_000, blockedUntil: expect.stringMatching(/-01T00:00:00.000Z$/) });

    const emails = await budgetEmails(fx.org.id);
    const props = (m: (typeof emails)[number]) => m.props as BudgetAlertEmailProps;
    expect(emails.every((m) => m.template === "budget-alert")).toBe(true);
    const to = (threshold: number) => emails.filter((m) => props(m).threshold === threshold).map((m) => m.to).sort();
    const expected = [fx.owner.email, people.finance.email, people.projectAdmin.email].sort();
    expect(to(50)).toEqual(expected);
    expect(to(80)).toEqual(expected);
    expect(to(100)).toEqual(expected);
    const full = props(emails.find((m) => props(m).threshold === 100)!);
    expect(budgetAlertEmail.subject(full)).toMatch(/reached 100 % of its \w+ \d{4} budget/);
    expect(budgetAlertEmail.text(full)).toMatch(/refused with BUDGET_EXCEEDED/);

    await spend(keyId, 3); // still over: nothing new, still refused
    expect(await eventsOfType(fx.org.id, "usage.budget_threshold_reached")).toHaveLength(3);
    expect(await eventsOfType(fx.org.id, "usage.budget_exceeded")).toHaveLength(1);
    expect((await verifyKey({ key: secret })).code).toBe("BUDGET_EXCEEDED");
    const explained = await explainAccess(await getDb(), fx.ctx, { keyId });
    expect(explained).toMatchObject({ outcome: "BUDGET_EXCEEDED", decidedBy: "project" });
  });

  it("lets keys through again when the budget is raised, and refuses at once when it is lowered below the spend", async () => {
    const raised = await putBudget(projectId, { monthlyLimitMicros: 1_000_000, hardLimit: true }, finance);
    expect(raised.body).toMatchObject({ spentMicros: 17_500, exceeded: false });
    expect((await verifyKey({ key: secret })).code).toBe("VALID");
    expect(await noticesOf(projectId)).toEqual([]); // re-armed: 1.75 % of the new budget

    const lowered = await putBudget(projectId, { monthlyLimitMicros: 15_000, alertThresholds: [90], hardLimit: true }, finance);
    expect(lowered.body).toMatchObject({ exceeded: true });
    expect((await verifyKey({ key: secret })).code).toBe("BUDGET_EXCEEDED");
    expect((await noticesOf(projectId)).map((n) => n.threshold)).toEqual([90]);
    expect(await eventsOfType(fx.org.id, "usage.budget_exceeded")).toHaveLength(2);

    await putBudget(projectId, { monthlyLimitMicros: 15_000, alertThresholds: [90], hardLimit: false }, finance);
    expect((await verifyKey({ key: secret })).code).toBe("VALID");
  });

  // the budget row lock decides which batch crosses each threshold: a race only where transactions overlap
  it.skipIf(!onPostgres)(`sends each alert once when concurrent batches cross it together ${POSTGRES_ONLY}`, async () => {
    const p = (await createTestProject(fx)).id;
    const k = (await createTeamKey(fx, p)).key.id;
    await putBudget(p, { monthlyLimitMicros: 40_000, alertThresholds: [25, 50, 75, 100] }, finance);
    const answers = await Promise.all(Array.from({ length: 8 }, () => spend(k, 2))); // 8 × 5,000
    expect(answers.every((a) => a.body.accepted === 2)).toBe(true);
    expect((await noticesOf(p)).map((n) => n.threshold).sort((x, y) => x - y)).toEqual([25, 50, 75, 100]);
    const events = (await eventsOfType(fx.org.id, "usage.budget_threshold_reached")).filter((e) => (e.payload.data as { project: { id: string } }).project.id === p);
    expect(events).toHaveLength(4);
  });

  it("is refused on an archived project", async () => {
    const p = await createTestProject(fx);
    const { POST: archive } = await import("@/app/api/v1/projects/[projectId]/archive/route");
    const { apiRequest, call } = await import("../factories");
    const ownerKey = asKey((await createTestAdminKey(fx, "owner")).secret);
    expect((await call(archive, apiRequest("POST", `/projects/${p.id}/archive`, { headers: ownerKey }), { projectId: p.id })).status).toBe(200);
    expect((await putBudget(p.id, { monthlyLimitMicros: 5 }, finance)).status).toBe(409);
  });
});
