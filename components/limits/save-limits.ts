import type { LimitsView } from "@/lib/limits/settings";

export type LimitLevel = "organization" | "project" | "key";
type FieldDetail = { path: string; message: string };
export type SaveOutcome = { ok: true; data: LimitsView } | { ok: false; status: number; message: string; details: FieldDetail[] };

/** The Admin API path of a target's limits. */
export function limitsPath(level: LimitLevel, targetId: string): string {
  if (level === "organization") return "/api/v1/organization/limits";
  return `/api/v1/${level === "project" ? "projects" : "keys"}/${encodeURIComponent(targetId)}/limits`;
}

/** PUT …/limits with the session cookie, for the organization of the page. */
export async function saveLimits(level: LimitLevel, targetId: string, organizationId: string, body: object): Promise<SaveOutcome> {
  let res: Response;
  try {
    res = await fetch(limitsPath(level, targetId), {
      method: "PUT",
      headers: { "AnyInt-Organization": organizationId, "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, message: "The server could not be reached. Check your connection and try again.", details: [] };
  }
  const answer = (await res.json().catch(() => null)) as (LimitsView & { error?: { message?: string; details?: FieldDetail[] } }) | null;
  if (res.ok && answer && Array.isArray(answer.budgets)) return { ok: true, data: answer };
  const message =
    res.status === 403
      ? "You may not change this section: nothing was saved."
      : (answer?.error?.message ?? `The limits could not be saved (HTTP ${res.status}).`);
  return { ok: false, status: res.status, message, details: answer?.error?.details ?? [] };
}
