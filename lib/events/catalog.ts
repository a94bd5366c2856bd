// The event catalog of spec/events.md. Events and audit actions share these names.
export const EVENT_TYPES = [
  "member.invited",
  "member.joined",
  "member.role_changed",
  "member.removed",
  "invite.revoked",
  "key.created",
  "key.updated",
  "key.rotated",
  "key.revoked",
  "key.expiring",
  "key.expired",
  "project.created",
  "project.updated",
  "project.archived",
  "project.restored",
  "usage.budget_threshold_reached",
  "usage.budget_exceeded",
  "billing.invoice.created",
  "billing.invoice.paid",
  "billing.invoice.voided",
  "billing.renewal_upcoming",
  "billing.plan_changed",
  "security.sso_connection.created",
  "security.sso_connection.updated",
  "security.sso_connection.deleted",
  "security.domain.verified",
  "security.policy.updated",
  "security.sessions.revoked",
  "security.admin_key.created",
  "security.admin_key.revoked",
  "webhook.test",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** Audit actions that have no webhook event of their own. */
export const AUDIT_ONLY_ACTIONS = [
  "organization.created",
  "organization.updated",
  "organization.ownership_transferred",
  "invite.resent",
  "environment.created",
  "service_account.created",
  "models.allowlist_updated",
  "budget.updated",
  "webhook.endpoint_created",
  "webhook.endpoint_updated",
  "webhook.endpoint_deleted",
  "webhook.endpoint_disabled",
  "webhook.secret_rotated",
  "webhook.delivery_retried",
  "webhook.deliveries_replayed",
  "notification.preferences_updated",
] as const;

export type AuditAction = EventType | (typeof AUDIT_ONLY_ACTIONS)[number];
