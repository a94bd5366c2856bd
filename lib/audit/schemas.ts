import { z } from "zod";

const limit = z.coerce.number().int().min(1, "must be 1 to 100").max(100, "must be 1 to 100").default(20);
const instant = z
  .string()
  .max(40)
  .refine((v) => /^\d{4}-\d{2}-\d{2}(T.+)?$/.test(v) && !Number.isNaN(Date.parse(v)), "must be an ISO-8601 date or date-time");

/** Filters of the audit log (Admin API query, console filters, CSV export). `end` is exclusive. */
export const auditFilterFields = {
  action: z
    .string()
    .max(100)
    .regex(/^[a-z_]+(\.[a-z_]+)*(\.\*)?$/, "must be an action such as key.created, or a group such as key.*")
    .optional(),
  actorId: z.string().min(1).max(100).optional(),
  targetId: z.string().min(1).max(200).optional(),
  start: instant.optional(),
  end: instant.optional(),
};

const startBeforeEnd = (v: { start?: string; end?: string }) => !v.start || !v.end || Date.parse(v.start) < Date.parse(v.end);
const rangeMessage = { message: "must be after start", path: ["end"] };

export const auditFilter = z.strictObject(auditFilterFields).refine(startBeforeEnd, rangeMessage);
export type AuditFilter = z.infer<typeof auditFilter>;

export const listAuditLogsQuery = z
  .strictObject({ ...auditFilterFields, limit, cursor: z.string().max(100).optional() })
  .refine(startBeforeEnd, rangeMessage);
export type ListAuditLogsQuery = z.infer<typeof listAuditLogsQuery>;

/** The most entries one CSV export holds (newest first); the page says so. */
export const AUDIT_EXPORT_CAP = 100_000;
