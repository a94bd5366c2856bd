import { describe, expect, it } from "vitest";
import { open, seal } from "./secret-box";

// ENCRYPTION_KEY comes from vitest.config.ts.
describe("secret box", () => {
  it("seals with a fresh IV each time and opens what it sealed", () => {
    const a = seal("whsec_secret");
    const b = seal("whsec_secret");
    expect(a).not.toBe(b);
    expect(a).not.toContain("whsec_secret");
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(open(a)).toBe("whsec_secret");
  });

  it("refuses text that was changed or is not sealed", () => {
    const sealed = seal("whsec_secret");
    const parts = sealed.split(".");
    const flipped = parts[3]!.startsWith("A") ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
    expect(() => open([parts[0], parts[1], parts[2], flipped].join("."))).toThrow();
    expect(() => open("whsec_plain")).toThrow("Not a sealed secret");
  });
});
