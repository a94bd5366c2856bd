import { holdersPlural, rolesHolding } from "@/lib/rbac/holders";
import type { Permission } from "@/lib/rbac";

// Email notification categories (docs/architecture.md, Webhooks and notifications). Each member chooses, per organization,
// whether they receive the non-essential ones; essential ones always go.
/**
 * The permission whose organization-wide holders (built-in or custom roles) receive a category's
 * emails about the organization itself (docs/rbac.md, Notifications): the descriptions below and
 * the recipients of lib/notifications/rules.ts both read it.
 */
export const RECEIVERS = {
  security: "security.manage",
  keys: "key.update",
  budget: "billing.read",
  webhooks: "webhook.manage",
} as const satisfies Record<string, Permission>;

const who = (permission: Permission) => `${holdersPlural(rolesHolding(permission).organization)}, and custom roles with ${permission}`;

export const NOTIFICATION_CATEGORIES = {
  invitations: {
    label: "Invitations",
    description: "An invitation to join an organization, sent to the invited address.",
    essential: true,
  },
  security: {
    label: "Security alerts",
    description: `Admin keys created or revoked, security policies changed, sessions ended. Sent to ${who(RECEIVERS.security)}.`,
    essential: true,
  },
  keys: {
    label: "Key expiry",
    description: `A key you own expires in 7 days, in 1 day, and once it has expired. Keys of service accounts: ${who(RECEIVERS.keys)}.`,
    essential: false,
  },
  budget: {
    label: "Budget alerts",
    description: `Spend crossed an alert threshold of a budget. For the organization: ${who(RECEIVERS.budget)}; for a project, also its project admins; for a key, its owner.`,
    essential: false,
  },
  webhooks: {
    label: "Disabled webhook endpoints",
    description: `A webhook endpoint was disabled because it kept failing or answered 410 Gone. Sent to ${who(RECEIVERS.webhooks)}.`,
    essential: false,
  },
} as const;

export type NotificationCategory = keyof typeof NOTIFICATION_CATEGORIES;

export const OPTIONAL_CATEGORIES = (Object.keys(NOTIFICATION_CATEGORIES) as NotificationCategory[]).filter(
  (c) => !NOTIFICATION_CATEGORIES[c].essential,
);

export const isOptionalCategory = (c: string): c is NotificationCategory => (OPTIONAL_CATEGORIES as string[]).includes(c);
