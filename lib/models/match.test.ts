import { describe, expect, it } from "vitest";
import { DEFAULT_MODELS } from "./catalog";
import { effectiveModels, matchesEntry, matchesList, refusingLevel, unknownEntries, type AllowLevels } from "./match";

const CATALOG = DEFAULT_MODELS.map((m) => m.id);
const levels = (organization: string[] = [], project: string[] = [], key: string[] = []): AllowLevels => ({ organization, project, key });

describe("matchesEntry", () => {
  it.each([
    ["openai/gpt-4o", "openai/gpt-4o", true],
    ["openai/gpt-4o-mini", "openai/gpt-4o", false], // an id is exact, not a prefix
    ["openai/gpt-4o", "openai/gpt-4o-mini", false],
    ["openai/gpt-4o-mini", "openai/*", true],
    ["anthropic/claude-opus-4", "openai/*", false],
    ["openai/gpt-4o-mini", "openai/gpt-4o*", true], // a family
    ["openai/gpt-4o", "openai/gpt-4o*", true],
    ["openai/gpt-4.1", "openai/gpt-4o*", false],
    ["openai/gpt-4o", "OpenAI/*", false], // case-sensitive
    ["openai/gpt-4o", "openai/", false],
  ])("%s against %s → %s", (model, entry, expected) => {
    expect(matchesEntry(model, entry)).toBe(expected);
  });

  it("matches a later version of an allowed family without an edit", () => {
    expect(matchesEntry("anthropic/claude-sonnet-5", "anthropic/claude-sonnet*")).toBe(true);
  });
});

describe("matchesList", () => {
  it("treats an empty list as inherit (everything passes)", () => {
    expect(matchesList("google/gemini-2.5-pro", [])).toBe(true);
  });

  it("passes when any entry matches", () => {
    expect(matchesList("google/gemini-2.5-pro", ["openai/*", "google/gemini-2.5*"])).toBe(true);
    expect(matchesList("google/gemini-2.0-flash", ["openai/*", "google/gemini-2.5*"])).toBe(false);
  });
});

describe("refusingLevel", () => {
  it("answers null when every level allows the model (or inherits)", () => {
    expect(refusingLevel("openai/gpt-4o", levels())).toBeNull();
    expect(refusingLevel("openai/gpt-4o", levels(["openai/*"], ["openai/gpt-4o*"], ["openai/gpt-4o"]))).toBeNull();
  });

  it("names the first level that refuses, organization before project before key", () => {
    const model = "anthropic/claude-opus-4";
    expect(refusingLevel(model, levels(["openai/*"], ["openai/*"], ["openai/*"]))).toBe("organization");
    expect(refusingLevel(model, levels([], ["openai/*"], ["openai/*"]))).toBe("project");
    expect(refusingLevel(model, levels(["anthropic/*"], ["openai/*"]))).toBe("project");
    expect(refusingLevel(model, levels(["anthropic/*"], [], ["anthropic/claude-sonnet*"]))).toBe("key");
  });
});

describe("effectiveModels", () => {
  it("is null when no level restricts anything", () => {
    expect(effectiveModels(CATALOG, levels())).toBeNull();
  });

  it("is the intersection of organization, project and key lists over the catalog", () => {
    const allowed = effectiveModels(CATALOG, levels(["openai/*", "anthropic/*"], ["openai/gpt-4o*", "anthropic/claude-3-5-haiku"], ["openai/*"]));
    expect(allowed).toEqual(["openai/gpt-4o", "openai/gpt-4o-mini"]);
  });

  it("inherits from the other levels where a level is empty", () => {
    expect(effectiveModels(CATALOG, levels(["mistral/*"]))).toEqual(["mistral/mistral-large", "mistral/mistral-small"]);
    expect(effectiveModels(CATALOG, levels([], ["mistral/*"]))).toEqual(["mistral/mistral-large", "mistral/mistral-small"]);
    expect(effectiveModels(CATALOG, levels([], [], ["mistral/mistral-small"]))).toEqual(["mistral/mistral-small"]);
  });

  it("is an empty list (not null) when the levels do not overlap", () => {
    expect(effectiveModels(CATALOG, levels(["openai/*"], ["anthropic/*"]))).toEqual([]);
  });

  it("keeps the catalog's order and never lists a model outside the catalog", () => {
    const allowed = effectiveModels(CATALOG, levels(["google/*", "openai/o3-mini", "openai/gpt-9"]));
    expect(allowed).toEqual(["openai/o3-mini", "google/gemini-2.0-flash", "google/gemini-2.5-pro"]);
  });
});

describe("unknownEntries", () => {
  it("lists entries that match no catalog model (typos)", () => {
    expect(unknownEntries(["openai/*", "open-ai/*", "anthropic/claude-opus-4", "anthropic/claude-opus-5"], CATALOG)).toEqual([
      "open-ai/*",
      "anthropic/claude-opus-5",
    ]);
    expect(unknownEntries([], CATALOG)).toEqual([]);
  });
});
