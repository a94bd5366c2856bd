import { describe, expect, it } from "vitest";
import { generateSecret, hashSecret, isWellFormed, KEY_PREFIXES, maskedSecret, visibleParts, type KeyKind } from "./format";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KINDS: KeyKind[] = ["team", "admin"];
const BODY = 32;
const CHECKSUM = 6;

describe.each(KINDS)("%s key secrets", (kind) => {
  const prefix = KEY_PREFIXES[kind];

  it("start with the kind's prefix and have a fixed length and alphabet", () => {
    for (let i = 0; i < 200; i++) {
      const secret = generateSecret(kind);
      expect(secret.startsWith(prefix)).toBe(true);
      expect(secret).toHaveLength(prefix.length + BODY + CHECKSUM);
      expect(secret.slice(prefix.length)).toMatch(/^[0-9A-Za-z]+$/);
      expect(isWellFormed(secret, kind)).toBe(true);
    }
  });

  it("carry a random body of at least 128 bits", () => {
    expect(BODY * Math.log2(BASE62.length)).toBeGreaterThanOrEqual(128);
    const bodies = new Set(Array.from({ length: 2000 }, () => generateSecret(kind).slice(prefix.length, prefix.length + BODY)));
    expect(bodies.size).toBe(2000);
    // every character of the alphabet shows up: the body is not drawn from a narrower set
    const seen = new Set([...bodies].join(""));
    expect(seen.size).toBe(62);
  });

  it("reject every single-character change", () => {
    const secret = generateSecret(kind);
    let tried = 0;
    for (let i = 0; i < secret.length; i++) {
      for (const c of BASE62 + "_-") {
        if (c === secret[i]) continue;
        const changed = secret.slice(0, i) + c + secret.slice(i + 1);
        expect(isWellFormed(changed, kind), `position ${i} → ${c}`).toBe(false);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(secret.length * 60);
  });

  it("reject a character added, removed or swapped", () => {
    const secret = generateSecret(kind);
    expect(isWellFormed(secret + "a", kind)).toBe(false);
    expect(isWellFormed(secret.slice(0, -1), kind)).toBe(false);
    expect(isWellFormed(secret.slice(1), kind)).toBe(false);
    expect(isWellFormed(` ${secret}`, kind)).toBe(false);
    expect(isWellFormed("", kind)).toBe(false);
    const i = prefix.length + 3;
    if (secret[i] !== secret[i + 1]) {
      const swapped = secret.slice(0, i) + secret[i + 1] + secret[i] + secret.slice(i + 2);
      expect(isWellFormed(swapped, kind)).toBe(false);
    }
  });
});

describe("kinds", () => {
  it("have distinct prefixes", () => {
    expect(KEY_PREFIXES.team).toBe("anyint_sk_");
    expect(KEY_PREFIXES.admin).toBe("anyint_admin_");
  });

  it("are not interchangeable", () => {
    const team = generateSecret("team");
    const admin = generateSecret("admin");
    expect(isWellFormed(team, "admin")).toBe(false);
    expect(isWellFormed(admin, "team")).toBe(false);
    // a body and checksum moved under the other prefix do not verify either
    expect(isWellFormed(KEY_PREFIXES.admin + team.slice(KEY_PREFIXES.team.length), "admin")).toBe(false);
    expect(isWellFormed(KEY_PREFIXES.team + admin.slice(KEY_PREFIXES.admin.length), "team")).toBe(false);
  });
});

describe("hashing and display", () => {
  it("hashes with SHA-256 to 64 hex characters, the same way every time", () => {
    const secret = generateSecret("admin");
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(secret)).toBe(hashSecret(secret));
    expect(hashSecret(secret)).not.toBe(hashSecret(generateSecret("admin")));
    expect(hashSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("shows only the prefix and the last four characters", () => {
    const secret = generateSecret("team");
    const { start, last4 } = visibleParts(secret, "team");
    expect(start).toBe("anyint_sk_");
    expect(last4).toBe(secret.slice(-4));
    expect(maskedSecret(start, last4)).toBe(`anyint_sk_…${secret.slice(-4)}`);
    expect(maskedSecret(start, last4)).not.toContain(secret.slice(start.length, -4));
  });
});
