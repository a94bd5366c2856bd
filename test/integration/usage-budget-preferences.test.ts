import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { updatePreferences } from "@/lib/notifications/preferences";
import { addMember, asKey, createOrg, createTestAdminKey, createTestProject, userContext } from "../factories";
import { createTeamKey } from "../key-factories";
import { budgetEmails, postUsage, putBudget, usageEvent } from "../usage-factories";

// Budget alerts are non-essential: a member who turned them off on the Notifications page
// does not get them; everyone else who should, does.
describe("budget alert preferences", () => {
  it("skips members who turned budget alerts off", async () => {
    const fx = await createOrg();
    const projectId = (await createTestProject(fx)).id;
    const { key } = await createTeamKey(fx, projectId);
    const quiet = await addMember(fx.org.id, "finance");
    const loud = await addMember(fx.org.id, "finance");
    const db = await getDb();
    await db.transaction((tx) => updatePreferences(tx, userContext(quiet, fx.org.id, "finance"), { preferences: [{ category: "budget", enabled: false }] }));

    const finance = asKey((await createTestAdminKey(fx, "finance")).secret);
    expect((await putBudget(projectId, { monthlyLimitMicros: 10_000, alertThresholds: [50] }, finance)).status).toBe(200);
    await postUsage([usageEvent(key.id, { inputTokens: 2000, outputTokens: 0 })]); // 5,000: 50 %

    const to = (await budgetEmails(fx.org.id)).map((m) => m.to).sort();
    expect(to).toEqual([fx.owner.email, loud.email].sort());
    expect(to).not.toContain(quiet.email);
  });
});
