import { beforeAll, describe, expect, it } from "vitest";
import { ingestUsage } from "@/lib/usage/ingest";
import { addMember, addProjectMember, asKey, asSession, createOrg, createSession, createTestAdminKey, createTestProject, type OrgFixture } from "../factories";
import { createTeamKey } from "../key-factories";
import { getUsage, usageEvent } from "../usage-factories";

// GET /usage: UTC buckets, every bucket present, groups and filters, members see their projects.
const NOW = Date.parse("2026-11-01T00:04:00.000Z");
const at = (iso: string) => ({ timestamp: iso });

describe("GET /usage", () => {
  let fx: OrgFixture;
  let owner: Record<string, string>;
  let a: { id: string };
  let b: { id: string };
  let keys: { aDev: string; aProd: string; bDev: string };

  beforeAll(async () => {
    fx = await createOrg();
    owner = asKey((await createTestAdminKey(fx, "owner")).secret);
    [a, b] = [await createTestProject(fx), await createTestProject(fx)];
    keys = {
      aDev: (await createTeamKey(fx, a.id)).key.id,
      aProd: (await createTeamKey(fx, a.id, { environment: "production" })).key.id,
      bDev: (await createTeamKey(fx, b.id)).key.id,
    };
    const answer = await ingestUsage(
      [
        usageEvent(keys.aDev, { ...at("2026-10-30T23:59:59.999Z"), inputTokens: 1, outputTokens: 0 }),
        usageEvent(keys.aDev, { ...at("2026-10-31T00:00:00.000Z"), inputTokens: 10, outputTokens: 0 }),
        usageEvent(keys.aProd, { ...at("2026-10-31T23:59:59.999Z"), inputTokens: 100, outputTokens: 0, model: "anthropic/claude-sonnet-4" }),
        usageEvent(keys.bDev, { ...at("2026-11-01T00:00:00.000Z"), inputTokens: 1000, outputTokens: 0 }),
      ],
      NOW,
    );
    expect(answer.accepted).toBe(4);
  });

  const tokensOf = (res: { body: { data: { results: { inputTokens: number }[] }[] } }) =>
    res.body.data.map((d) => d.results.reduce((n, r) => n + r.inputTokens, 0));

  it("puts events on the UTC day, hour and month they belong to, every bucket present", async () => {
    const days = await getUsage({ start: "2026-10-29", end: "2026-11-02", bucket: "day" }, owner);
    expect(days.status).toBe(200);
    expect(days.body.data.map((d: { start: string }) => d.start)).toEqual([
      "2026-10-29T00:00:00.000Z",
      "2026-10-30T00:00:00.000Z",
      "2026-10-31T00:00:00.000Z",
      "2026-11-01T00:00:00.000Z",
    ]);
    expect(days.body.data[0]).toEqual({
      start: "2026-10-29T00:00:00.000Z",
      end: "2026-10-30T00:00:00.000Z",
      results: [{ requests: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 }],
    });
    expect(tokensOf(days)).toEqual([0, 1, 110, 1000]);

    const hours = await getUsage({ start: "2026-10-30T23:00:00Z", end: "2026-10-31T01:00:00Z", bucket: "hour" }, owner);
    expect(tokensOf(hours)).toEqual([1, 10]);
    const months = await getUsage({ start: "2026-10-01", end: "2026-12-01", bucket: "month" }, owner);
    expect(months.body.data.map((d: { start: string; end: string }) => [d.start.slice(0, 10), d.end.slice(0, 10)])).toEqual([
      ["2026-10-01", "2026-11-01"],
      ["2026-11-01", "2026-12-01"],
    ]);
    expect(tokensOf(months)).toEqual([111, 1000]);
  });

  it("answers the same totals from hourly and daily rollups", async () => {
    const hours = await getUsage({ start: "2026-10-31", end: "2026-11-01", bucket: "hour", groupBy: "key" }, owner);
    const day = await getUsage({ start: "2026-10-31", end: "2026-11-01", bucket: "day", groupBy: "key" }, owner);
    expect(hours.body.data).toHaveLength(24);
    expect(tokensOf(hours).reduce((x, y) => x + y, 0)).toBe(tokensOf(day)[0]);
  });

  it("answers the same from a rollup read as it is and from one added up", async () => {
    const range = { start: "2026-10-30", end: "2026-11-02" };
    const exact = await getUsage({ ...range, groupBy: "project,model" }, owner); // daily per project and model, row by row
    const summed = await getUsage({ ...range, groupBy: "model,project,environment" }, owner); // daily per key, added up
    const byProjectModel = (res: { body: { data: { results: { projectId: string; model: string; costMicros: number }[] }[] } }) =>
      res.body.data.map((d) => {
        const totals: Record<string, number> = {};
        for (const r of d.results) totals[`${r.projectId} ${r.model}`] = (totals[`${r.projectId} ${r.model}`] ?? 0) + r.costMicros;
        return totals;
      });
    expect(byProjectModel(exact)).toEqual(byProjectModel(summed));
    const hourly = await getUsage({ start: "2026-10-31T00:00:00Z", end: "2026-10-31T02:00:00Z", bucket: "hour", groupBy: "project,environment,key,model" }, owner);
    expect(hourly.body.data[0].results).toEqual([{ projectId: a.id, environment: "development", keyId: keys.aDev, model: "openai/gpt-4o", requests: 1, inputTokens: 10, outputTokens: 0, costMicros: 25 }]);
  });

  it("groups by project, environment, key and model, and filters", async () => {
    const grouped = await getUsage({ start: "2026-10-31", end: "2026-11-01", groupBy: "project,environment,model" }, owner);
    expect(grouped.body.data[0].results).toEqual(
      expect.arrayContaining([
        { projectId: a.id, environment: "development", model: "openai/gpt-4o", requests: 1, inputTokens: 10, outputTokens: 0, costMicros: 25 },
        { projectId: a.id, environment: "production", model: "anthropic/claude-sonnet-4", requests: 1, inputTokens: 100, outputTokens: 0, costMicros: 300 },
      ]),
    );
    const byKey = await getUsage({ start: "2026-10-30", end: "2026-11-02", bucket: "month", groupBy: "key", projectId: a.id }, owner);
    expect(byKey.body.data.flatMap((d: { results: { keyId: string }[] }) => d.results.map((r) => r.keyId)).sort()).toEqual([keys.aDev, keys.aProd].sort());
    const oneKey = await getUsage({ start: "2026-10-30", end: "2026-11-02", keyId: keys.aDev }, owner);
    expect(tokensOf(oneKey)).toEqual([1, 10, 0]);
    const oneModel = await getUsage({ start: "2026-10-30", end: "2026-11-02", model: "anthropic/claude-sonnet-4", bucket: "month" }, owner);
    expect(tokensOf(oneModel)).toEqual([100, 0]);
    const empty = await getUsage({ start: "2026-10-29", end: "2026-10-30", groupBy: "model" }, owner);
    expect(empty.body.data).toEqual([{ start: "2026-10-29T00:00:00.000Z", end: "2026-10-30T00:00:00.000Z", results: [] }]);
  });

  it("answers 400 to more than 1000 buckets, an inverted range and unknown values", async () => {
    const bad: Record<string, string>[] = [
      { start: "2026-01-01", end: "2026-03-01", bucket: "hour" },
      { start: "2026-11-02", end: "2026-11-01" },
      { start: "2026-11-01", end: "2026-11-01" },
      { groupBy: "project,team" },
      { bucket: "week" },
      { start: "yesterday" },
      { limit: "5" },
    ];
    for (const query of bad) {
      const res = await getUsage(query, owner);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.error.code).toBe("INVALID_REQUEST");
      expect(res.body.error.details[0].path).toMatch(/^query\./);
    }
    expect((await getUsage({ start: "2026-01-01T00:00:00Z", end: "2026-02-11T16:00:00Z", bucket: "hour" }, owner)).body.data).toHaveLength(1000);
  });

  it("defaults to this UTC month so far, by day", async () => {
    const res = await getUsage({}, owner);
    const now = new Date();
    const first = `${now.toISOString().slice(0, 8)}01T00:00:00.000Z`;
    expect(res.body.data[0].start).toBe(first);
    expect(res.body.data).toHaveLength(now.getUTCDate());
  });

  it("shows a member only their projects: another project answers 403, another organization's 404", async () => {
    const dev = await addMember(fx.org.id, "member");
    await addProjectMember(a.id, dev, "developer");
    const session = asSession(await createSession(dev), fx.org.id);
    const range = { start: "2026-10-30", end: "2026-11-02", bucket: "month", groupBy: "project" };
    const mine = await getUsage(range, session);
    expect(mine.status).toBe(200);
    expect(mine.body.data.flatMap((d: { results: { projectId: string }[] }) => d.results.map((r) => r.projectId))).toEqual([a.id]);
    for (const query of [{ projectId: b.id }, { keyId: keys.bDev }] as Record<string, string>[]) {
      const res = await getUsage({ ...range, ...query }, session);
      expect(res.status, JSON.stringify(query)).toBe(403);
    }
    const other = await createOrg();
    const otherProject = await createTestProject(other);
    const otherKey = (await createTeamKey(other, otherProject.id)).key.id;
    for (const query of [{ projectId: otherProject.id }, { keyId: otherKey }, { projectId: "prj_doesnotexist" }] as Record<string, string>[]) {
      expect((await getUsage({ ...range, ...query }, session)).status, JSON.stringify(query)).toBe(404);
      expect((await getUsage({ ...range, ...query }, owner)).status, JSON.stringify(query)).toBe(404);
    }
  });
});
