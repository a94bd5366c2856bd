// Email notification categories (spec/events.md). Each member chooses, per organization,
// whether they receive the non-essential ones; essential ones always go.
export const NOTIFICATION_CATEGORIES = {
  invitations: {
    label: "Invitations",
    description: "An invitation to join an organization, sent to the invited address.",
    essential: true,
  },
  security: {
    label: "Security alerts",
    description: "Admin keys created or revoked, security policies changed, sessions ended. Sent to owners and security owners.",
    essential: true,
  },
  keys: {
    label: "Key expiry",
    description: "A key you own expires in 7 days, in 1 day, and once it has expired. Keys of service accounts: owners and admins.",
    essential: false,
  },
  budget: {
    label: "Budget alerts",
    description: "A project's spend crossed an alert threshold of its monthly budget. Sent to owners, admins, finance owners and the project's admins.",
    essential: false,
  },
  webhooks: {
    label: "Disabled webhook endpoints",
    description: "A webhook endpoint was disabled because it kept failing or answered 410 Gone. Sent to owners and admins.",
    essential: false,
  },
} as const;

export type NotificationCategory = keyof typeof NOTIFICATION_CATEGORIES;

export const OPTIONAL_CATEGORIES = (Object.keys(NOTIFICATION_CATEGORIES) as NotificationCategory[]).filter(
  (c) => !NOTIFICATION_CATEGORIES[c].essential,
);

export const isOptionalCategory = (c: string): c is NotificationCategory => (OPTIONAL_CATEGORIES as string[]).includes(c);
