import type { Queryable } from "@/db/client";
import { chainLimits, type EffectiveLimit } from "@/lib/limits/effective";
import { amountText } from "@/lib/limits/hold";
import { PERIOD_ADJECTIVES } from "@/lib/limits/periods";
import { catalogIds } from "@/lib/models/service";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { RECORD_CHECKS, type CheckLevel, type VerifyCode, type VerifyInput } from "./checks";
import { loadCurrentKeyRecord } from "./record";
import { loadKey } from "./service";

export type ExplainStep = {
  name: string;
  code: VerifyCode;
  passed: boolean;
  level: CheckLevel;
  message: string;
  /** the limit of the chain this step checks (lib/limits/effective.ts) */
  limit?: EffectiveLimit;
};

/**
 * The access explainer: every check of verification, in order, with its outcome and the
 * level that decided it, for a key (by id), a model, a route and an IP, then every limit of
 * its chain (lib/limits/effective.ts). Nothing is counted or held.
 */
export async function explainAccess(db: Queryable, ctx: RequestContext, input: Omit<VerifyInput, "key"> & { keyId: string }) {
  await loadKey(db, ctx.principal.organizationId, input.keyId); // NOT_FOUND for other organizations
  const record = await loadCurrentKeyRecord(db, input.keyId);
  if (!record) throw new AppError("NOT_FOUND", "Key was not found.");
  const now = Date.now();
  const catalog = await catalogIds(db, now);
  const steps: ExplainStep[] = [
    { name: "Key exists", code: "NOT_FOUND", passed: true, level: "key", message: `Key ${record.name} of project ${record.projectId}, environment ${record.environment}.` },
  ];
  for (const check of RECORD_CHECKS) {
    const r = check.run(record, { key: "", ...input }, now, catalog);
    steps.push({ name: check.name, code: check.code, passed: r.passed, level: r.level, message: r.message });
  }
  const limits = await chainLimits(db, record, input.model, now);
  const budgets = limits.filter((l) => l.kind === "budget");
  if (budgets.length === 0) steps.push({ name: "Within budgets", code: "BUDGET_EXCEEDED", passed: true, level: "key", message: "No budget applies to this key." });
  for (const l of [...budgets, ...limits.filter((l) => l.kind !== "budget")]) {
    const what = l.kind === "budget" ? `${PERIOD_ADJECTIVES[l.period!]} budget` : `${l.kind} per ${l.window}${l.model ? ` (${l.model})` : ""}`;
    const amount = (n: number) => amountText(l.kind, n);
    const counted = `${amount(l.used)} used, ${amount(l.held)} held of ${amount(l.limit)}; resets ${l.resetAt}`;
    steps.push({
      name: `Within the ${l.level}'s ${what}`,
      code: l.kind === "budget" ? "BUDGET_EXCEEDED" : "RATE_LIMITED",
      passed: !(l.exhausted && l.mode === "enforce"),
      level: l.level,
      limit: l,
      message: l.mode === "enforce" ? `${counted}.` : `${counted} (${l.mode}: never refuses${l.exhausted && l.mode === "monitor" ? "; would refuse now" : ""}).`,
    });
  }
  if (budgets.length === limits.length) steps.push({ name: "Within rate limits", code: "RATE_LIMITED", passed: true, level: "key", message: "No rate limit applies to this call." });
  const failed = steps.find((s) => !s.passed);
  return { outcome: failed ? failed.code : ("VALID" as VerifyCode), decidedBy: failed?.level ?? null, steps, limits };
}
