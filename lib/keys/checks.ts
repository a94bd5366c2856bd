import { matchesEntry, refusingLevel } from "@/lib/models/match";
import { inRanges, parseIp } from "./ip";
import type { KeyRecord } from "./record";

// The checks of verification, in the order of docs/architecture.md. Verification stops at the first
// failure; the access explainer runs them all. One implementation for both.

export const VERIFY_CODES = [
  "VALID",
  "NOT_FOUND",
  "REVOKED",
  "EXPIRED",
  "PROJECT_ARCHIVED",
  "IP_NOT_ALLOWED",
  "ROUTE_NOT_ALLOWED",
  "MODEL_NOT_ALLOWED",
  "BUDGET_EXCEEDED",
  "RATE_LIMITED",
] as const;
export type VerifyCode = (typeof VERIFY_CODES)[number];

export type CheckLevel = "key" | "project" | "organization" | "policy" | "budget" | "catalog";
export type VerifyInput = { key: string; model?: string; route?: string; ip?: string; reserve?: { inputTokens: number; outputTokens: number } };
export type CheckResult = { passed: boolean; level: CheckLevel; message: string };

export type RefusalCode = Exclude<VerifyCode, "VALID">;
type Check = { name: string; code: RefusalCode; run: (r: KeyRecord, input: VerifyInput, now: number, catalog: ReadonlySet<string>) => CheckResult };

const pass = (level: CheckLevel, message: string): CheckResult => ({ passed: true, level, message });
const fail = (level: CheckLevel, message: string): CheckResult => ({ passed: false, level, message });

/**
 * The path as a server would route it: no query or fragment, no repeated slashes, dot
 * segments resolved (so "/v1/chat/../embeddings" cannot pass as "/v1/chat/*"), no trailing slash.
 */
export function normalizeRoute(route: string): string {
  const raw = route.split(/[?#]/)[0]!.replace(/\/{2,}/g, "/");
  let path: string;
  try {
    path = new URL(raw, "http://route.invalid").pathname;
  } catch {
    path = raw;
  }
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** Checks after the key has been identified (format and lookup come before them; limits after: lib/limits/hold.ts). */
export const RECORD_CHECKS: Check[] = [
  {
    name: "Key not revoked",
    code: "REVOKED",
    run: (r) => (r.revokedAt ? fail("key", `The key was revoked on ${new Date(r.revokedAt).toISOString()}.`) : pass("key", "The key is not revoked.")),
  },
  {
    name: "Key not expired",
    code: "EXPIRED",
    run: (r, _i, now) => {
      if (r.expiresAt !== null && r.expiresAt <= now) return fail("key", `The key expired on ${new Date(r.expiresAt).toISOString()}.`);
      if (r.secretExpiresAt !== null && r.secretExpiresAt <= now) {
        return fail("key", `This secret was rotated; its grace period ended on ${new Date(r.secretExpiresAt).toISOString()}.`);
      }
      if (r.secretExpiresAt !== null) return pass("key", `A rotated secret, accepted until ${new Date(r.secretExpiresAt).toISOString()}.`);
      return pass("key", r.expiresAt ? `Valid until ${new Date(r.expiresAt).toISOString()}.` : "The key has no expiry.");
    },
  },
  {
    name: "Project active",
    code: "PROJECT_ARCHIVED",
    run: (r) => (r.projectArchived ? fail("project", "The key's project is archived.") : pass("project", "The project is active.")),
  },
  {
    name: "Caller IP allowed",
    code: "IP_NOT_ALLOWED",
    run: (r, i) => {
      if (r.ipAllowlist.length === 0) return pass("key", "The key has no IP allowlist.");
      const ip = i.ip ? parseIp(i.ip) : null;
      if (!ip) return fail("key", "The key has an IP allowlist and the caller's IP was not given.");
      return inRanges(ip, r.ipRanges)
        ? pass("key", `${ip.toString()} is in the key's allowlist.`)
        : fail("key", `${ip.toString()} is not in the key's allowlist (${r.ipAllowlist.join(", ")}).`);
    },
  },
  {
    name: "Route allowed",
    code: "ROUTE_NOT_ALLOWED",
    run: (r, i) => {
      if (r.allowedRoutes.length === 0) return pass("key", "The key may call every route.");
      if (!i.route) return fail("key", "The key is limited to some routes and no route was given.");
      const route = normalizeRoute(i.route);
      return r.allowedRoutes.some((e) => matchesEntry(route, e))
        ? pass("key", `${route} is allowed for this key.`)
        : fail("key", `${route} is not among the key's routes (${r.allowedRoutes.join(", ")}).`);
    },
  },
  {
    name: "Model allowed",
    code: "MODEL_NOT_ALLOWED",
    run: (r, i, _now, catalog) => {
      if (!i.model) return pass("key", "No model was named in this call.");
      if (!catalog.has(i.model)) return fail("catalog", `${i.model} is not a model of the catalog.`);
      const level = refusingLevel(i.model, r.models);
      return level
        ? fail(level, `${i.model} is not in the ${level}'s allowed models (${r.models[level].join(", ")}).`)
        : pass("key", `${i.model} is allowed by the organization, the project and the key.`);
    },
  },
];
