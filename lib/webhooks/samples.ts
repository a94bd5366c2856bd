import type { EventType } from "@/lib/events/catalog";

// A sample payload per event type: the event catalog page, the OpenAPI `webhooks` section and
// `webhook.test` show these. `data` holds the object after the change, and for updates the
// changed fields with their previous values.

const T = "2026-03-02T09:30:00.000Z";
const ORG = "org_3k9xq2m7v1b8n4c6d0fz";

const project = {
  id: "prj_7f2k9m3q8v1x4c6b0n5z",
  name: "Search",
  slug: "search",
  description: "",
  environments: ["production", "staging", "development"],
  allowedModels: ["openai/*"],
  archivedAt: null,
  createdAt: T,
  updatedAt: T,
};

const key = {
  id: "key_2m8q4v7x1c9b3n6z0k5f",
  name: "search-backend",
  projectId: project.id,
  environment: "production",
  owner: { type: "service_account", id: "sa_9v2m7q4x1c8b3n6z0k5f", name: "search-backend" },
  start: "anyint_sk_Ab3d",
  last4: "x9Qz",
  status: "active",
  allowedRoutes: ["/v1/chat/completions"],
  allowedModels: [],
  effectiveModels: ["openai/*"],
  ipAllowlist: ["10.0.0.0/8"],
  rateLimitPerMinute: 600,
  expiresAt: "2026-06-30T23:59:59.000Z",
  revokedAt: null,
  lastUsedAt: null,
  lastUsedIp: null,
  createdAt: T,
  updatedAt: T,
};

const member = {
  id: "mem_4x8q2m7v1c9b3n6z0k5f",
  userId: "usr_8q2m7v4x1c9b3n6z0k5f",
  email: "ada@example.com",
  name: "Ada Lovelace",
  role: "admin",
  roleName: "Admin",
  projectRoles: [],
  joinedVia: "invitation",
  joinedAt: T,
  lastSignInAt: T,
  createdAt: T,
};

const customRole = {
  id: "role_3n6z0k5f8q2m7v4x1c9b",
  name: "Key auditor",
  description: "Reads keys and the audit log; changes nothing.",
  scope: "organization",
  permissions: ["audit.read", "key.read"],
  createdAt: T,
  updatedAt: T,
};

const invitation = {
  id: "inv_6z0k5f8q2m7v4x1c9b3n",
  email: "grace@example.com",
  role: "finance",
  roleName: "Finance owner",
  projects: [],
  status: "pending",
  invitedBy: { id: member.userId, email: member.email },
  expiresAt: "2026-03-09T09:30:00.000Z",
  sentAt: T,
  acceptedAt: null,
  revokedAt: null,
  createdAt: T,
};

const adminKey = {
  id: "adk_1c9b3n6z0k5f8q2m7v4x",
  name: "Terraform",
  role: "admin",
  roleName: "Admin",
  start: "anyint_admin_Xy7",
  last4: "Qw3e",
  status: "active",
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  createdById: member.userId,
  createdAt: T,
};

const budgetEvent = {
  level: "project",
  target: { type: "project", id: project.id, name: project.name },
  project: { id: project.id, name: project.name, slug: project.slug },
  budget: { period: "month", limitMicros: 500_000_000, alertThresholds: [50, 80, 100], mode: "enforce", monthlyLimitMicros: 500_000_000, hardLimit: true },
  periodStart: "2026-03-01",
  month: "2026-03",
};
const limits = {
  budgets: [{ period: "month", limitMicros: 500_000_000, alertThresholds: [50, 80, 100], mode: "enforce" }],
  rateLimits: [{ model: "openai/*", requestsPerMinute: 600, tokensPerMinute: 200_000, requestsPerDay: null, tokensPerDay: null, mode: "monitor" }],
};
const invoice = {
  id: "in_4k7m2q9x5v8c1b3n6z0p",
  number: "ACME-2026-02",
  organizationId: ORG,
  month: "2026-02",
  periodStart: "2026-02-01T00:00:00.000Z",
  periodEnd: "2026-03-01T00:00:00.000Z",
  status: "open",
  currency: "USD",
  subtotalMicros: 1_150_012_800,
  taxRatePercent: "8.875",
  taxMicros: 102_063_636,
  totalMicros: 1_252_076_436,
  usageMicros: 12_800,
  committedMonthlyMicros: 0,
  seats: 12,
  includedSeats: 10,
  paymentTermsDays: 30,
  billTo: { organizationName: "Acme Robotics" },
  issuedAt: "2026-03-01T00:05:00.000Z",
  dueAt: "2026-03-31T00:05:00.000Z",
  paidAt: null,
  voidedAt: null,
  createdAt: T,
};
const sso = { id: "sso_5f8q2m7v4x1c9b3n6z0k", protocol: "oidc", name: "Okta", enabled: true, issuer: "https://login.example.com", clientId: "0oa1b2c3d4", hasClientSecret: true, idpMetadataUrl: null, idpEntityId: null, idpSsoUrl: null, defaultRole: "member", groupsClaim: "groups", groupRoleMapping: { "eng-admins": "admin" }, tested: true, testedAt: T, createdAt: T, updatedAt: T };

const SAMPLE_DATA: Record<EventType, Record<string, unknown>> = {
  "member.invited": { invitation },
  "member.joined": { member, invitationId: invitation.id },
  "member.role_changed": { member, previousRole: "member", changes: { role: { from: "member", to: "admin" } } },
  "member.removed": { member, left: false, keys: { revoked: 2, transferred: 0 } },
  "invite.revoked": { invitation: { ...invitation, status: "revoked", revokedAt: T } },
  "role.created": { role: customRole },
  "role.updated": { role: { ...customRole, permissions: ["audit.read", "key.read", "usage.read"] }, changes: { permissions: { from: customRole.permissions, to: ["audit.read", "key.read", "usage.read"] } } },
  "role.deleted": { role: customRole },
  "key.created": { key },
  "key.updated": { key, changes: { rateLimitPerMinute: { from: null, to: 600 } } },
  "key.rotated": { key, previousSecretValidUntil: "2026-03-03T09:30:00.000Z" },
  "key.revoked": { key: { ...key, status: "revoked", revokedAt: T } },
  "key.expiring": { key: { id: key.id, name: key.name, projectId: key.projectId, expiresAt: key.expiresAt, owner: { type: "user", id: member.userId } }, daysBefore: 7 },
  "key.expired": { key: { id: key.id, name: key.name, projectId: key.projectId, expiresAt: key.expiresAt, owner: { type: "user", id: member.userId } } },
  "project.created": { project },
  "project.updated": { project, changes: { name: { from: "Search v1", to: "Search" } } },
  "project.archived": { project: { ...project, archivedAt: T } },
  "project.restored": { project },
  "usage.budget_threshold_reached": { ...budgetEvent, threshold: 80, spentMicros: 400_120_000 },
  "usage.budget_exceeded": { ...budgetEvent, spentMicros: 500_040_000, blockedUntil: "2026-04-01T00:00:00.000Z" },
  "limits.updated": { level: "project", target: { type: "project", id: project.id, name: project.name }, ...limits, previous: { budgets: [], rateLimits: [] } },
  "billing.invoice.created": { invoice },
  "billing.invoice.paid": { invoice: { ...invoice, status: "paid", paidAt: T }, previousStatus: "open" },
  "billing.invoice.voided": { invoice: { ...invoice, status: "void", voidedAt: T }, previousStatus: "open" },
  "billing.renewal_upcoming": { plan: "enterprise", renewalDate: "2026-04-01", renewsAt: "2026-04-01T00:00:00.000Z", daysBefore: 30, daysLeft: 30, termMonths: 12, committedMonthlyMicros: 2_000_000_000 },
  "billing.plan_changed": {
    plan: "enterprise",
    terms: { baseFeeMicros: 5_000_000_000, includedSeats: 50, seatPriceMicros: 40_000_000, committedMonthlyMicros: 2_000_000_000, currency: "USD", renewalDate: "2027-04-01" },
    changes: { plan: { from: "team", to: "enterprise" }, baseFeeMicros: { from: 500_000_000, to: 5_000_000_000 } },
  },
  "security.sso_connection.created": { connection: sso },
  "security.sso_connection.updated": { connection: sso, changes: { enabled: { from: false, to: true } } },
  "security.sso_connection.deleted": { connection: { ...sso, enabled: false } },
  "security.domain.verified": { domain: { name: "example.com", verifiedAt: T } },
  "security.policy.updated": { policy: "keys", keyPolicy: { maxLifetimeDays: 90, requireExpiry: true }, changes: { maxLifetimeDays: { from: null, to: 90 } } },
  "security.sessions.revoked": { userIds: [member.userId], revokedSessions: 3 },
  "security.admin_key.created": { adminKey },
  "security.admin_key.revoked": { adminKey: { ...adminKey, status: "revoked", revokedAt: T } },
  "webhook.test": { message: "A test event from the AnyInt Console.", endpoint: { id: "whe_0k5f8q2m7v4x1c9b3n6z", url: "https://hooks.example.com/anyint" } },
};

/** The data of a sample event of this type. */
export const sampleData = (type: EventType) => SAMPLE_DATA[type];

/** A whole sample payload, as an endpoint receives it. */
export function samplePayload(type: EventType) {
  return { id: "evt_5z8q2m7v4x1c9b3n6k0f", type, timestamp: T, organizationId: ORG, data: SAMPLE_DATA[type] };
}
