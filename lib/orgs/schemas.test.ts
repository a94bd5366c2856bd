import { describe, expect, it } from "vitest";
import { createOrganizationInput, nameSchema, slugify, slugSchema } from "./schemas";

describe("slugify", () => {
  it.each([
    ["Acme Corp", "acme-corp"],
    ["  Hello,   World!  ", "hello-world"],
    ["ACME_Corp 2024", "acme-corp-2024"],
    ["Café Déjà Vu", "cafe-deja-vu"],
    ["Ünïcödé Ltd.", "unicode-ltd"],
    ["--edge--case--", "edge-case"],
  ])("%j → %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("pads names too short for a slug", () => {
    expect(slugify("X")).toBe("org-x");
    expect(slugify("!!!")).toBe("org");
    expect(slugify("東京")).toBe("org");
  });

  it("cuts long names to at most 40 characters without a trailing dash", () => {
    const slug = slugify(`${"a".repeat(39)} b c d e f`);
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug).toBe("a".repeat(39));
  });

  it("always makes a slug that passes the slug rules", () => {
    const names = [
      "Acme",
      "a",
      "",
      "   ",
      "🚀 Rocket Team 🚀",
      "Ωmega Σolutions",
      `${"word ".repeat(30)}`,
      `${"x".repeat(39)}-yz`,
      "O'Reilly & Sons, Inc.",
      "ﬁnance", // a ligature NFKD splits into two letters
    ];
    for (const name of names) {
      const slug = slugify(name);
      expect(slugSchema.safeParse(slug).success, `${JSON.stringify(name)} → ${slug}`).toBe(true);
    }
  });
});

describe("slug rules", () => {
  it.each(["ab", "acme", "acme-corp", "a1-b2-c3", "0rg", "a".repeat(48)])("accept %j", (slug) => {
    expect(slugSchema.parse(slug)).toBe(slug);
  });

  it.each(["a", "", "Acme", "acme corp", "acme_corp", "-acme", "acme-", "ac/me", "café", "a".repeat(49)])("refuse %j", (slug) => {
    expect(slugSchema.safeParse(slug).success).toBe(false);
  });

  it("trims surrounding spaces first", () => {
    expect(slugSchema.parse("  acme  ")).toBe("acme");
  });
});

describe("organization input", () => {
  it("requires a name of 1 to 100 characters", () => {
    expect(nameSchema.safeParse("   ").success).toBe(false);
    expect(nameSchema.safeParse("x".repeat(101)).success).toBe(false);
    expect(nameSchema.parse("  Acme  ")).toBe("Acme");
  });

  it("refuses unknown fields and reserved slugs", () => {
    const result = createOrganizationInput.safeParse({ name: "Acme", plan: "enterprise" });
    expect(result.success).toBe(false);
    expect(createOrganizationInput.safeParse({ name: "Acme", slug: "api" }).success).toBe(false);
    expect(createOrganizationInput.safeParse({ name: "Acme", slug: "acme" }).success).toBe(true);
  });
});
