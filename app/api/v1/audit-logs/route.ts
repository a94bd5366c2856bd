import { listAuditLogsRoute } from "@/lib/api/specs/audit";
import { listAuditLogs } from "@/lib/audit/queries";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/audit-logs — the organization's audit log, filtered and paged
export const GET = apiRoute(listAuditLogsRoute, ({ db, ctx, query }) => listAuditLogs(db, ctx.principal.organizationId, query));
