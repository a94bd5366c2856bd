import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HashBloom } from "./bloom";

/** Random 32-byte hex strings: what SHA-256 digests look like to the filter. */
const digest = () => randomBytes(32).toString("hex");

describe("HashBloom", () => {
  it("finds every digest added, and few that were not (≤ 1 %) when full", () => {
    const bloom = new HashBloom(20_000);
    const added = Array.from({ length: 20_000 }, digest);
    for (const d of added) bloom.add(d);
    expect(added.every((d) => bloom.has(d))).toBe(true);
    let falsePositives = 0;
    for (let i = 0; i < 50_000; i++) if (bloom.has(digest())) falsePositives++;
    expect(falsePositives / 50_000).toBeLessThan(0.002); // ~0.05 % expected
    expect(bloom.count).toBe(20_000);
  });

  it("holds 1,000,000 entries in a few megabytes", () => {
    const before = process.memoryUsage().arrayBuffers;
    const bloom = new HashBloom(1_000_000);
    const bytes = process.memoryUsage().arrayBuffers - before;
    expect(bytes).toBeGreaterThan(1_900_000);
    expect(bytes).toBeLessThan(2_100_000);
    expect(bloom.has(digest())).toBe(false);
  });

  it("refuses what is not a hex digest rather than answer for it", () => {
    expect(() => new HashBloom(10).add("not a digest")).toThrow("hex digests");
  });
});
