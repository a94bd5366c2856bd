import { describe, expect, it } from "vitest";
import { minuteOf, periodOf } from "./periods";

const at = (iso: string) => Date.parse(iso);
const span = (p: { start: number; end: number; startDay?: string }) => [new Date(p.start).toISOString(), new Date(p.end).toISOString()];

describe("limit periods (UTC)", () => {
  it("starts a day at midnight UTC", () => {
    expect(span(periodOf("day", at("2026-12-04T23:59:59.999Z")))).toEqual(["2026-12-04T00:00:00.000Z", "2026-12-05T00:00:00.000Z"]);
    expect(periodOf("day", at("2026-12-05T00:00:00.000Z")).startDay).toBe("2026-12-05");
  });

  it("starts a week on Monday (ISO), also from a Sunday and across a year end", () => {
    expect(span(periodOf("week", at("2026-12-06T23:59:59.999Z")))).toEqual(["2026-11-30T00:00:00.000Z", "2026-12-07T00:00:00.000Z"]); // Sunday
    expect(periodOf("week", at("2026-12-07T00:00:00.000Z")).startDay).toBe("2026-12-07"); // Monday
    expect(periodOf("week", at("2027-01-01T12:00:00.000Z")).startDay).toBe("2026-12-28");
  });

  it("starts a month on its first day, February and December included", () => {
    expect(span(periodOf("month", at("2028-02-29T23:00:00.000Z")))).toEqual(["2028-02-01T00:00:00.000Z", "2028-03-01T00:00:00.000Z"]);
    expect(span(periodOf("month", at("2026-12-31T23:59:59.999Z")))).toEqual(["2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]);
  });

  it("cuts minutes on the minute", () => {
    expect(span(minuteOf(at("2026-12-04T10:15:59.999Z")))).toEqual(["2026-12-04T10:15:00.000Z", "2026-12-04T10:16:00.000Z"]);
  });
});
