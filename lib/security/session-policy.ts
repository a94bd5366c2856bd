import { z } from "zod";

// Session policy bounds and the words used to explain it (shared by the form, the
// enforcement, the sign-in page and the API's 401 message).

export const MAX_AGE_BOUNDS = { min: 3600, max: 90 * 86400 } as const;
export const IDLE_BOUNDS = { min: 300, max: 30 * 86400 } as const;

export const sessionPolicyInput = z.strictObject({
  sessionMaxAgeSeconds: z
    .number({ message: "must be a number of seconds, or none" })
    .int("must be a whole number of seconds")
    .min(MAX_AGE_BOUNDS.min, "must be at least 1 hour")
    .max(MAX_AGE_BOUNDS.max, "must be at most 90 days")
    .nullable(),
  sessionIdleTimeoutSeconds: z
    .number({ message: "must be a number of seconds, or none" })
    .int("must be a whole number of seconds")
    .min(IDLE_BOUNDS.min, "must be at least 5 minutes")
    .max(IDLE_BOUNDS.max, "must be at most 30 days")
    .nullable(),
});

export type SessionPolicyInput = z.infer<typeof sessionPolicyInput>;

const UNITS = [
  { seconds: 86400, one: "day", many: "days" },
  { seconds: 3600, one: "hour", many: "hours" },
  { seconds: 60, one: "minute", many: "minutes" },
  { seconds: 1, one: "second", many: "seconds" },
] as const;

/** 28800 → "8 hours", 5400 → "1 hour 30 minutes", 86400 → "1 day". */
export function formatDuration(seconds: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(seconds));
  for (const u of UNITS) {
    const n = Math.floor(rest / u.seconds);
    if (n > 0) parts.push(`${n} ${n === 1 ? u.one : u.many}`);
    rest -= n * u.seconds;
    if (parts.length === 2) break;
  }
  return parts.join(" ") || "0 seconds";
}

export type SessionEndReason = "session_max_age" | "session_idle";

/** "Your session ended: acme requires signing in again every 8 hours." */
export function sessionEndedMessage(reason: SessionEndReason, orgSlug: string, seconds: number): string {
  return reason === "session_max_age"
    ? `Your session ended: ${orgSlug} requires signing in again every ${formatDuration(seconds)}.`
    : `Your session ended: ${orgSlug} signs you out after ${formatDuration(seconds)} without activity.`;
}

/** The sign-in page's query for a session ended by a policy (it rebuilds the message from these, never from free text). */
export function sessionEndedQuery(reason: SessionEndReason, orgSlug: string, seconds: number, callbackUrl?: string) {
  const q = new URLSearchParams({ reason, org: orgSlug, limit: String(seconds) });
  if (callbackUrl) q.set("callbackUrl", callbackUrl);
  return q.toString();
}

/** The message for the sign-in page's query, or null when it is not a well-formed session-end notice. */
export function sessionEndedFromQuery(q: { reason?: string; org?: string; limit?: string }): string | null {
  if (q.reason !== "session_max_age" && q.reason !== "session_idle") return null;
  if (!q.org || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(q.org)) return null;
  const seconds = Number(q.limit);
  if (!Number.isInteger(seconds) || seconds < IDLE_BOUNDS.min || seconds > MAX_AGE_BOUNDS.max) return null;
  return sessionEndedMessage(q.reason, q.org, seconds);
}
