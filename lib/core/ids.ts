import { randomBytes } from "node:crypto";

// Readable, typed identifiers: `org_3k9x…`. The prefix says what the id points at.
export const ID_PREFIXES = {
  user: "usr",
  organization: "org",
  membership: "mem",
  invitation: "inv",
  project: "prj",
  environment: "env",
  adminKey: "adk",
  apiKey: "key",
  serviceAccount: "sa",
  audit: "aud",
  event: "evt",
  mail: "mail",
  webhookEndpoint: "whe",
  webhookDelivery: "whd",
  webhookAttempt: "wha",
  ssoConnection: "sso",
  domain: "dom",
  recoveryCode: "rc",
  invoice: "in",
  limit: "lim",
  hold: "hold",
  role: "role",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! & 31];
  return out;
}

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${randomToken(20)}`;
}
