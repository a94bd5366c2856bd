import { eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiKeys, environments, projects } from "@/db/schema";
import type { EventType } from "@/lib/events/catalog";
import { ROLE_LABELS } from "@/lib/rbac";
import { EVENT_DESCRIPTIONS } from "@/lib/webhooks/catalog";
import { RECEIVERS, type NotificationCategory } from "./categories";
import { consoleUrl } from "./links";
import { memberById, membersHolding, type Message, type Recipient } from "./notify";

// Who gets which email for which event (docs/architecture.md (Webhooks and notifications)). Invitations are queued by the
// invitation itself; disabled webhook endpoints by the dispatcher (lib/webhooks/disable.ts).
// Budget and invoice notices join this table with their issues.

export type Event = { id: string; organizationId: string; type: EventType; data: Record<string, unknown>; timestamp: string };
export type Org = { id: string; name: string; slug: string };
type Built = { recipients: Recipient[]; message: Message } | null;
type Rule = { category: NotificationCategory; build: (tx: Queryable, event: Event, org: Org) => Promise<Built> };

type ExpiryKey = { id: string; name: string; projectId: string; expiresAt: string; owner: { type: string; id: string } | null };

/** key.expiring (7 and 1 days before) and key.expired → the key's owner; a service account's key → RECEIVERS.keys. */
const keyExpiry: Rule = {
  category: "keys",
  async build(tx, event, org) {
    const key = event.data.key as ExpiryKey;
    const [row] = await tx
      .select({ projectName: projects.name, projectSlug: projects.slug, environment: environments.name })
      .from(apiKeys)
      .innerJoin(projects, eq(projects.id, apiKeys.projectId))
      .innerJoin(environments, eq(environments.id, apiKeys.environmentId))
      .where(eq(apiKeys.id, key.id));
    if (!row) return null;
    const recipients =
      key.owner?.type === "user" ? await memberById(tx, org.id, key.owner.id) : await membersHolding(tx, org.id, RECEIVERS.keys);
    return {
      recipients,
      message: {
        template: "key-expiry",
        props: {
          organizationName: org.name,
          keyName: key.name,
          projectName: row.projectName,
          environment: row.environment,
          expiresAt: key.expiresAt,
          daysBefore: event.type === "key.expiring" ? Number(event.data.daysBefore) : null,
          keyUrl: consoleUrl(`/${org.slug}/projects/${row.projectSlug}/keys/${key.id}`),
        },
      },
    };
  },
};

type Changes = Record<string, { from: unknown; to: unknown }>;
const show = (v: unknown) => (v === null || v === undefined ? "none" : Array.isArray(v) ? v.join(", ") || "none" : String(v));

function describeSecurity(event: Event): { summary: string; details: { label: string; value: string }[]; path: string } {
  const adminKey = event.data.adminKey as { name: string; role: keyof typeof ROLE_LABELS; roleName?: string; expiresAt: string | null } | undefined;
  const changes = (event.data.changes ?? {}) as Changes;
  const changeLines = Object.entries(changes).map(([field, c]) => ({ label: field, value: `${show(c.from)} → ${show(c.to)}` }));
  if (adminKey) {
    const verb = event.type === "security.admin_key.revoked" ? "revoked" : "created";
    return {
      summary: `The admin key “${adminKey.name}” (${adminKey.roleName ?? ROLE_LABELS[adminKey.role] ?? adminKey.role} role) was ${verb}.`,
      details: [{ label: "Expires", value: adminKey.expiresAt ?? "never" }],
      path: "admin-keys",
    };
  }
  if (event.type === "security.sessions.revoked") {
    const count = Number(event.data.revokedSessions ?? 0);
    const people = Array.isArray(event.data.userIds) ? event.data.userIds.length : 0;
    return {
      summary: `${count} console ${count === 1 ? "session" : "sessions"} of ${people} ${people === 1 ? "member was" : "members were"} ended by a security owner. Anyone signed out signs in again as usual.`,
      details: [],
      path: "security/sessions",
    };
  }
  if (event.type === "security.policy.updated") {
    return { summary: `The ${show(event.data.policy)} policy changed.`, details: changeLines, path: "security" };
  }
  return { summary: EVENT_DESCRIPTIONS[event.type], details: changeLines, path: "security" };
}

async function signedOutMembers(tx: Queryable, organizationId: string, userIds: unknown): Promise<Recipient[]> {
  const ids = Array.isArray(userIds) ? userIds.filter((id): id is string => typeof id === "string").slice(0, 1000) : [];
  const recipients: Recipient[] = [];
  for (const id of ids) recipients.push(...(await memberById(tx, organizationId, id)));
  return recipients;
}

/** security.* → RECEIVERS.security, always (an essential category); ended sessions also → the members signed out. */
const securityAlert: Rule = {
  category: "security",
  async build(tx, event, org) {
    const { summary, details, path } = describeSecurity(event);
    return {
      recipients: [
        ...(await membersHolding(tx, org.id, RECEIVERS.security)),
        // ended sessions: the members signed out are told why, too
        ...(event.type === "security.sessions.revoked" ? await signedOutMembers(tx, org.id, event.data.userIds) : []),
      ],
      message: {
        template: "security-alert",
        props: { organizationName: org.name, summary, eventType: event.type, details, occurredAt: event.timestamp, consoleUrl: consoleUrl(`/${org.slug}/${path}`) },
      },
    };
  },
};

export function ruleFor(type: string): Rule | null {
  if (type === "key.expiring" || type === "key.expired") return keyExpiry;
  if (type.startsWith("security.")) return securityAlert;
  return null;
}
