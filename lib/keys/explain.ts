import type { Queryable } from "@/db/client";
import { catalogIds } from "@/lib/models/service";
import type { RequestContext } from "@/lib/server/context";
import { AppError } from "@/lib/server/errors";
import { RECORD_CHECKS, type CheckLevel, type VerifyCode, type VerifyInput } from "./checks";
import { rateLimiter } from "./rate-limit";
import { loadCurrentKeyRecord } from "./record";
import { loadKey } from "./service";

export type ExplainStep = { name: string; code: VerifyCode; passed: boolean; level: CheckLevel; message: string };

/**
 * The access explainer: every check of verification, in order, with its outcome and the
 * level that decided it, for a key (by id), a model, a route and an IP. Nothing is counted
 * against the rate limit.
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
  if (record.rateLimitPerMinute) {
    const d = await rateLimiter().peek(record.keyId, record.rateLimitPerMinute, now);
    steps.push({
      name: "Within rate limit",
      code: "RATE_LIMITED",
      passed: d.allowed,
      level: "key",
      message: `${d.limit - d.remaining} of ${d.limit} requests used this minute.`,
    });
  } else {
    steps.push({ name: "Within rate limit", code: "RATE_LIMITED", passed: true, level: "key", message: "The key has no rate limit." });
  }
  const failed = steps.find((s) => !s.passed);
  return { outcome: failed ? failed.code : ("VALID" as VerifyCode), decidedBy: failed?.level ?? null, steps };
}
