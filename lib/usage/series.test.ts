import { describe, expect, it } from "vitest";
import type { UsageBucket } from "@/lib/usage/query";
import { bucketLabel, forecastMonth, rank, stack, total } from "./series";

const r = (over: Record<string, string>, costMicros: number) => ({ ...over, requests: 1, inputTokens: 10, outputTokens: 5, costMicros });
const buckets: UsageBucket[] = [
  { start: "2026-11-01T00:00:00.000Z", end: "2026-11-02T00:00:00.000Z", results: [r({ projectId: "a", model: "m1" }, 100), r({ projectId: "b", model: "m2" }, 50)] },
  { start: "2026-11-02T00:00:00.000Z", end: "2026-11-03T00:00:00.000Z", results: [] },
  { start: "2026-11-03T00:00:00.000Z", end: "2026-11-04T00:00:00.000Z", results: [r({ projectId: "c", model: "m1" }, 10), r({ projectId: "a", model: "m1" }, 5)] },
];

describe("spend shapes", () => {
  it("totals and ranks by spend", () => {
    expect(total(buckets)).toEqual({ requests: 4, inputTokens: 40, outputTokens: 20, costMicros: 165 });
    expect(rank(buckets, ["model"]).map((g) => [g.model, g.costMicros])).toEqual([["m1", 115], ["m2", 50]]);
    expect(rank(buckets, ["projectId", "model"]).map((g) => `${g.projectId}/${g.model}`)).toEqual(["a/m1", "b/m2", "c/m1"]);
  });

  it("stacks the top series per bucket, every bucket kept, the rest as Other", () => {
    const { series, rows } = stack(buckets, "projectId", (id) => id.toUpperCase(), 2);
    expect(series).toEqual([{ key: "a", label: "A" }, { key: "b", label: "B" }, { key: "other", label: "Other" }]);
    expect(rows).toEqual([
      { start: "2026-11-01T00:00:00.000Z", total: 150, a: 100, b: 50, other: 0 },
      { start: "2026-11-02T00:00:00.000Z", total: 0, a: 0, b: 0, other: 0 },
      { start: "2026-11-03T00:00:00.000Z", total: 15, a: 5, b: 0, other: 10 },
    ]);
  });

  it("forecasts the month at the pace so far, from its second day", () => {
    expect(forecastMonth(1_000_000, Date.parse("2026-11-01T12:00:00Z"))).toBeNull();
    expect(forecastMonth(1_000_000, Date.parse("2026-11-11T00:00:00Z"))).toBe(3_000_000); // 10 of 30 days
    expect(forecastMonth(0, Date.parse("2026-02-15T00:00:00Z"))).toBe(0);
  });

  it("labels buckets in UTC", () => {
    expect(bucketLabel("2026-11-03T14:00:00.000Z", "hour")).toBe("Nov 3 14:00");
    expect(bucketLabel("2026-11-03T00:00:00.000Z", "day")).toBe("Nov 3");
    expect(bucketLabel("2026-11-01T00:00:00.000Z", "month")).toBe("Nov 2026");
  });
});
