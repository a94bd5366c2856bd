import { describe, expect, it } from "vitest";
import { bucketStart, bucketStarts, monthEnd, monthOf, nextBucket } from "./buckets";

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe("UTC buckets", () => {
  it("start at UTC hour, day and month boundaries", () => {
    const at = t("2026-03-31T23:59:59.999Z");
    expect(iso(bucketStart(at, "hour"))).toBe("2026-03-31T23:00:00.000Z");
    expect(iso(bucketStart(at, "day"))).toBe("2026-03-31T00:00:00.000Z");
    expect(iso(bucketStart(at, "month"))).toBe("2026-03-01T00:00:00.000Z");
    expect(iso(bucketStart(t("2026-04-01T00:00:00.000Z"), "month"))).toBe("2026-04-01T00:00:00.000Z");
  });

  it("step through months of different lengths and years", () => {
    expect(iso(nextBucket(t("2026-01-01T00:00:00Z"), "month"))).toBe("2026-02-01T00:00:00.000Z");
    expect(iso(nextBucket(t("2026-02-01T00:00:00Z"), "month"))).toBe("2026-03-01T00:00:00.000Z");
    expect(iso(nextBucket(t("2026-12-01T00:00:00Z"), "month"))).toBe("2027-01-01T00:00:00.000Z");
  });

  it("cover a range widened to whole buckets, every bucket present", () => {
    const days = bucketStarts(t("2026-05-01T10:00:00Z"), t("2026-05-04T00:00:00Z"), "day")!;
    expect(days.map(iso)).toEqual(["2026-05-01T00:00:00.000Z", "2026-05-02T00:00:00.000Z", "2026-05-03T00:00:00.000Z"]);
    const partial = bucketStarts(t("2026-05-01T00:00:00Z"), t("2026-05-03T00:00:01Z"), "day")!;
    expect(partial).toHaveLength(3);
    expect(bucketStarts(t("2026-01-15T00:00:00Z"), t("2026-03-02T00:00:00Z"), "month")!.map(iso)).toEqual([
      "2026-01-01T00:00:00.000Z",
      "2026-02-01T00:00:00.000Z",
      "2026-03-01T00:00:00.000Z",
    ]);
  });

  it("refuse more than 1000 buckets", () => {
    const start = t("2026-01-01T00:00:00Z");
    expect(bucketStarts(start, start + 1000 * 3_600_000, "hour")).toHaveLength(1000);
    expect(bucketStarts(start, start + 1001 * 3_600_000, "hour")).toBeNull();
  });
});

describe("months", () => {
  it("name the UTC month and its end", () => {
    expect(monthOf(t("2026-05-31T23:59:59Z"))).toBe("2026-05-01");
    expect(monthOf(t("2026-01-10T00:00:00Z"), -1)).toBe("2025-12-01");
    expect(iso(monthEnd("2026-12-01"))).toBe("2027-01-01T00:00:00.000Z");
    expect(iso(monthEnd("2026-02-01"))).toBe("2026-03-01T00:00:00.000Z");
  });
});
