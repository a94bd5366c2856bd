import { describe, expect, it } from "vitest";
import { dollarsForCsv, dollarsToMicros, formatRate, formatUsd, rateUnits, taxMicros, toCents } from "./money";

describe("billing money", () => {
  it("computes tax half up to the micro-dollar", () => {
    expect(taxMicros(1_000_000, "8.875")).toBe(88_750);
    // 333_333 × 7.5 % = 24_999.975 → 25_000
    expect(taxMicros(333_333, "7.5")).toBe(25_000);
    // 10 × 5 % = 0.5 → 1 (half up)
    expect(taxMicros(10, "5")).toBe(1);
    // 9 × 5 % = 0.45 → 0
    expect(taxMicros(9, "5")).toBe(0);
    expect(taxMicros(123_456_789, "0")).toBe(0);
    expect(taxMicros(Number.MAX_SAFE_INTEGER, "100")).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("reads rates of 0 to 100 percent with at most four decimals", () => {
    expect(rateUnits("8.875")).toBe(88_750n);
    expect(rateUnits("100")).toBe(1_000_000n);
    expect(rateUnits("100.0001")).toBeNull();
    expect(rateUnits("1.23456")).toBeNull();
    expect(rateUnits("-1")).toBeNull();
    expect(formatRate("8.8750")).toBe("8.875");
    expect(formatRate("20.0000")).toBe("20");
  });

  it("rounds to cents only for display", () => {
    expect(toCents(4_999)).toBe(0);
    expect(toCents(5_000)).toBe(1);
    expect(formatUsd(1_234_565_000)).toBe("$1,234.57");
    expect(formatUsd(1_234_564_999)).toBe("$1,234.56");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(-25_000)).toBe("-$0.03");
    expect(dollarsForCsv(1_234_565_000)).toBe("1234.57");
  });

  it("converts dollars typed in a form exactly", () => {
    expect(dollarsToMicros("12.5")).toBe(12_500_000);
    expect(dollarsToMicros("0.000001")).toBe(1);
    expect(dollarsToMicros("1e3")).toBeNull();
    expect(dollarsToMicros("-1")).toBeNull();
  });
});
