import { listAuditLogsQuery } from "@/lib/audit/schemas";
import { defineRoute } from "../spec";

export const listAuditLogsRoute = defineRoute({
  method: "GET",
  path: "/audit-logs",
  summary:
    "The organization's audit log, newest first: filter by action (exact, or a group such as key.*), actorId (a user or admin key id, or system), targetId, start (inclusive) and end (exclusive)",
  tag: "Audit log",
  permission: "audit.read",
  query: listAuditLogsQuery,
});
