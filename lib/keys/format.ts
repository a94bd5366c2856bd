import { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

// Key secrets: a fixed recognisable prefix, a random body of 32 base62 characters (~190 bits)
// and a 6-character CRC-32 checksum, so secret scanners can find leaked keys and typos are
// rejected before any lookup.
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY_LENGTH = 32;
const CHECKSUM_LENGTH = 6;

export const KEY_PREFIXES = { team: "anyint_sk_", admin: "anyint_admin_" } as const;
export type KeyKind = keyof typeof KEY_PREFIXES;

function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += BASE62[byte % 62]; // 248 = 4 × 62: no modulo bias
      if (out.length === length) break;
    }
  }
  return out;
}

function checksum(text: string): string {
  let n = crc32(text);
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

export function generateSecret(kind: KeyKind): string {
  const head = KEY_PREFIXES[kind] + randomBase62(BODY_LENGTH);
  return head + checksum(head);
}

const PATTERN = /^[0-9A-Za-z]+$/;

/** True when the secret has the kind's prefix, length, alphabet and a matching checksum. */
export function isWellFormed(secret: string, kind: KeyKind): boolean {
  const prefix = KEY_PREFIXES[kind];
  if (secret.length !== prefix.length + BODY_LENGTH + CHECKSUM_LENGTH) return false;
  if (!secret.startsWith(prefix)) return false;
  const rest = secret.slice(prefix.length);
  if (!PATTERN.test(rest)) return false;
  const head = secret.slice(0, secret.length - CHECKSUM_LENGTH);
  return checksum(head) === secret.slice(-CHECKSUM_LENGTH);
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** What may be shown after creation: the prefix and the last four characters. */
export function visibleParts(secret: string, kind: KeyKind) {
  return { start: KEY_PREFIXES[kind], last4: secret.slice(-4) };
}

export function maskedSecret(start: string, last4: string): string {
  return `${start}…${last4}`;
}
