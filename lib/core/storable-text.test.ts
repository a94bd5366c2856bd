import { describe, expect, it } from "vitest";
import { assertStorableText, findUnstorableText } from "./storable-text";

describe("storable text", () => {
  it("finds NUL and unpaired surrogates anywhere, naming the path", () => {
    expect(findUnstorableText({ name: "a\u0000b" })).toBe("name");
    expect(findUnstorableText({ list: ["ok", { deep: "x\uD800" }] })).toBe("list.1.deep");
    expect(findUnstorableText({ tail: "\uDC00lead" }, ["query"])).toBe("query.tail");
    expect(findUnstorableText({ ["k\u0000"]: 1 })).toBe("(key)");
    expect(findUnstorableText("\u0000")).toBe("(body)");
  });

  it("accepts paired surrogates (emoji) and ordinary text", () => {
    expect(findUnstorableText({ name: "Support 🤖 bot", n: 1, b: true, z: null })).toBeNull();
  });

  it("walks values nested far deeper than the call stack", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findUnstorableText(deep)).toMatch(/^0(\.0)+$/);
  });

  it("throws INVALID_REQUEST with the field", () => {
    expect(() => assertStorableText({ description: "\uDBFF" })).toThrow(expect.objectContaining({ code: "INVALID_REQUEST", fieldErrors: [expect.objectContaining({ path: "description" })] }));
  });
});
