import { describe, expect, it } from "vitest";
import { normalizeDomain } from "./domains";
import { hashRecoveryCode, normalizeRecoveryCode } from "./recovery-codes";

describe("recovery codes as typed", () => {
  it("ignore case, spaces and dashes, and read o as 0 and i/l as 1 (Crockford)", () => {
    expect(normalizeRecoveryCode(" AB1CD-0EFGH-jkmnp-qrstv ")).toBe("ab1cd0efghjkmnpqrstv");
    expect(normalizeRecoveryCode("abOcd IefLh")).toBe("ab0cd1ef1h");
    expect(hashRecoveryCode("4K7PD X2M9Q 00000 11111")).toBe(hashRecoveryCode("4k7pd-x2m9q-ooooo-iliil"));
    expect(hashRecoveryCode("4k7pd-x2m9q-00000-11111")).not.toBe(hashRecoveryCode("4k7pd-x2m9q-00000-11112"));
  });
});

describe("domain names", () => {
  it("are lower-cased without a trailing dot, internationalized ones in ASCII", () => {
    expect(normalizeDomain(" Acme.COM. ")).toBe("acme.com");
    expect(normalizeDomain("münchen.example")).toBe("xn--mnchen-3ya.example");
  });

  it.each(["a@acme.com", "https://acme.com", "acme", "acme..com", "-acme.com", "acme-.com", "acme.123", `${"a".repeat(64)}.com`])("refuse %s naming the field", (input) => {
    expect(() => normalizeDomain(input)).toThrow(expect.objectContaining({ code: "INVALID_REQUEST", fieldErrors: [expect.objectContaining({ path: "domain" })] }));
  });
});
