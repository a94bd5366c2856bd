import { EVENT_TYPES, type EventType } from "@/lib/events/catalog";

// The event catalog as endpoints see it: areas, what each type means, and which entries an
// endpoint may subscribe to (a type, or a group such as `key.*`).

export const EVENT_AREAS = [
  { id: "members", label: "Members and roles", noun: "member", prefixes: ["member.", "invite.", "role."] },
  { id: "keys", label: "Keys", noun: "key", prefixes: ["key."] },
  { id: "projects", label: "Projects", noun: "project", prefixes: ["project."] },
  { id: "usage", label: "Usage and limits", noun: "usage", prefixes: ["usage.", "limits."] },
  { id: "billing", label: "Billing", noun: "billing", prefixes: ["billing."] },
  { id: "security", label: "Security", noun: "security", prefixes: ["security."] },
  { id: "webhooks", label: "Webhooks", noun: "webhook", prefixes: ["webhook."] },
] as const;

export const EVENT_DESCRIPTIONS: Record<EventType, string> = {
  "member.invited": "Someone was invited to the organization.",
  "member.joined": "An invitation was accepted: a new member.",
  "member.role_changed": "A member's organization or project roles changed.",
  "member.removed": "A member was removed or left; their keys were revoked or handed on.",
  "invite.revoked": "A pending invitation was revoked.",
  "role.created": "A custom role was created (its permissions and scope).",
  "role.updated": "A custom role's name, description or permissions changed (before and after); holders get the new permissions on their next request.",
  "role.deleted": "A custom role nobody held any more was deleted.",
  "key.created": "A team API key was created (never its secret).",
  "key.updated": "A key's name, restrictions or owner changed.",
  "key.rotated": "A key got a new secret; the old one works until the grace period ends.",
  "key.revoked": "A key was revoked and is refused from now on.",
  "key.expiring": "A key expires in 7 days, or in 1 day.",
  "key.expired": "A key reached its expiry date.",
  "project.created": "A project was created.",
  "project.updated": "A project's settings changed.",
  "project.archived": "A project was archived (read-only, its keys refused).",
  "project.restored": "An archived project was restored.",
  "usage.budget_threshold_reached": "Spend of the organization, a project or a key reached an alert threshold of one of its budgets (once per threshold per period).",
  "usage.budget_exceeded": "An enforced budget of the organization, a project or a key is used up: its keys are refused until the period ends (once per period).",
  "limits.updated": "Budgets or rate limits of the organization, a project or a key changed (with the previous ones).",
  "billing.invoice.created": "An invoice was issued.",
  "billing.invoice.paid": "An invoice was paid.",
  "billing.invoice.voided": "An invoice was voided.",
  "billing.renewal_upcoming": "The plan renews soon.",
  "billing.plan_changed": "The organization's plan changed.",
  "security.sso_connection.created": "A single sign-on connection was added.",
  "security.sso_connection.updated": "A single sign-on connection changed.",
  "security.sso_connection.deleted": "A single sign-on connection was removed.",
  "security.domain.verified": "A domain was verified for the organization.",
  "security.policy.updated": "A security policy (keys, sessions) changed.",
  "security.sessions.revoked": "Console sessions were ended.",
  "security.admin_key.created": "An admin key was created (never its secret).",
  "security.admin_key.revoked": "An admin key was revoked.",
  "webhook.test": "A test event sent from the console or the Admin API to one endpoint.",
};

/** Types an endpoint can subscribe to: `webhook.test` is only ever sent to the endpoint asking for it. */
export const SUBSCRIBABLE_TYPES = EVENT_TYPES.filter((t) => t !== "webhook.test");

export const areaOf = (type: string) => EVENT_AREAS.find((a) => a.prefixes.some((p) => type.startsWith(p)))!;

/** `key.*` stands for every type starting with `key.`. */
export function matchesEventTypes(type: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => p === type || (p.endsWith(".*") && type.startsWith(p.slice(0, -1))));
}

/** An entry an endpoint may list: a subscribable type, or a group matching at least one. */
export function isValidSubscription(entry: string): boolean {
  if (entry.endsWith(".*")) return SUBSCRIBABLE_TYPES.some((t) => matchesEventTypes(t, [entry]));
  return (SUBSCRIBABLE_TYPES as readonly string[]).includes(entry);
}

/** The groups of an area, as subscription entries: `member.*`, `invite.*`. */
export const areaGroups = (area: (typeof EVENT_AREAS)[number]) => area.prefixes.map((p) => `${p}*`);
