import { describe, expect, it } from "vitest";
import { formatDuration, sessionEndedFromQuery, sessionEndedMessage, sessionEndedQuery, sessionPolicyInput } from "./session-policy";

describe("session policy", () => {
  it("explains durations in words", () => {
    expect(formatDuration(28800)).toBe("8 hours");
    expect(formatDuration(5400)).toBe("1 hour 30 minutes");
    expect(formatDuration(90 * 86400)).toBe("90 days");
    expect(formatDuration(300)).toBe("5 minutes");
  });

  it("says why a session ended", () => {
    expect(sessionEndedMessage("session_max_age", "acme", 28800)).toBe("Your session ended: acme requires signing in again every 8 hours.");
    expect(sessionEndedMessage("session_idle", "acme", 1800)).toBe("Your session ended: acme signs you out after 30 minutes without activity.");
  });

  it("rebuilds the sign-in notice from its query, and ignores anything else", () => {
    const q = Object.fromEntries(new URLSearchParams(sessionEndedQuery("session_max_age", "acme", 28800, "/acme")));
    expect(sessionEndedFromQuery(q)).toBe("Your session ended: acme requires signing in again every 8 hours.");
    expect(sessionEndedFromQuery({ reason: "session_max_age", org: "<script>", limit: "28800" })).toBeNull();
    expect(sessionEndedFromQuery({ reason: "other", org: "acme", limit: "28800" })).toBeNull();
    expect(sessionEndedFromQuery({ reason: "session_idle", org: "acme", limit: "1" })).toBeNull();
  });

  it("accepts 1 hour to 90 days of age and 5 minutes to 30 days of idleness, or none", () => {
    expect(sessionPolicyInput.safeParse({ sessionMaxAgeSeconds: null, sessionIdleTimeoutSeconds: null }).success).toBe(true);
    expect(sessionPolicyInput.safeParse({ sessionMaxAgeSeconds: 3600, sessionIdleTimeoutSeconds: 300 }).success).toBe(true);
    const bad = sessionPolicyInput.safeParse({ sessionMaxAgeSeconds: 60, sessionIdleTimeoutSeconds: 31 * 86400 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["sessionMaxAgeSeconds", "must be at least 1 hour"],
      ["sessionIdleTimeoutSeconds", "must be at most 30 days"],
    ]);
  });
});
