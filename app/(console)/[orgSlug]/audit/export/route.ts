import { recordChange } from "@/lib/audit/record";
import { auditCsvStream } from "@/lib/audit/export";
import { countAuditLogs } from "@/lib/audit/queries";
import { AUDIT_EXPORT_CAP, auditFilter } from "@/lib/audit/schemas";
import { hasFeature, planOf } from "@/lib/orgs/plans";
import { consoleRoute } from "@/lib/server/console-route";
import { AppError } from "@/lib/core/errors";

// GET /{orgSlug}/audit/export — the audit log of the current filter as CSV (session, audit.read, plan feature auditExport)
export const GET = consoleRoute({ permission: "audit.read", query: auditFilter }, async ({ db, ctx, org, query }) => {
  if (!hasFeature(org.plan, "auditExport")) {
    throw new AppError("FORBIDDEN", `Audit log export is not part of the ${planOf(org.plan).name} plan: it needs the Enterprise plan.`);
  }
  // the export itself is audited, before the first entry is read
  await recordChange(db, ctx, { action: "audit.exported", target: { type: "organization", id: org.id }, changes: { filter: query } });
  const total = await countAuditLogs(db, org.id, query);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(auditCsvStream(db, org.id, query), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${org.slug}-audit-${stamp}.csv"`,
      "cache-control": "no-store",
      "x-total-count": String(total),
      "x-export-truncated": total > AUDIT_EXPORT_CAP ? "true" : "false",
    },
  });
});
