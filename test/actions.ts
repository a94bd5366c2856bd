import { eq } from "drizzle-orm";
import * as adminKeyActions from "@/app/(console)/[orgSlug]/admin-keys/actions";
import * as billingActions from "@/app/(console)/[orgSlug]/billing/actions";
import * as memberActions from "@/app/(console)/[orgSlug]/members/actions";
import * as modelActions from "@/app/(console)/[orgSlug]/models/actions";
import * as notificationActions from "@/app/(console)/[orgSlug]/notifications/actions";
import * as projectActions from "@/app/(console)/[orgSlug]/projects/actions";
import * as oneProjectActions from "@/app/(console)/[orgSlug]/projects/[projectSlug]/actions";
import * as keyActions from "@/app/(console)/[orgSlug]/projects/[projectSlug]/keys/actions";
import * as oneKeyActions from "@/app/(console)/[orgSlug]/projects/[projectSlug]/keys/[keyId]/actions";
import * as projectMemberActions from "@/app/(console)/[orgSlug]/projects/[projectSlug]/members/actions";
import * as projectUsageActions from "@/app/(console)/[orgSlug]/projects/[projectSlug]/usage/actions";
import * as securityActions from "@/app/(console)/[orgSlug]/security/actions";
import * as domainActions from "@/app/(console)/[orgSlug]/security/domains/actions";
import * as ssoActions from "@/app/(console)/[orgSlug]/security/sso/actions";
import * as sessionActions from "@/app/(console)/[orgSlug]/sessions/actions";
import * as settingsActions from "@/app/(console)/[orgSlug]/settings/actions";
import * as webhookActions from "@/app/(console)/[orgSlug]/webhooks/actions";
import * as roleActions from "@/app/(console)/[orgSlug]/roles/actions";
import { createRole } from "@/lib/roles/service";
import { getDb } from "@/db/client";
import { webhookEndpoints } from "@/db/schema";
import { OPTIONAL_CATEGORIES } from "@/lib/notifications/categories";
import { archiveProject } from "@/lib/projects/service";
import type { Permission } from "@/lib/rbac";
import { sessionPublicId } from "@/lib/security/sessions";
import type { ActionResult } from "@/lib/server/action";
import { TARGETS, type TargetOf } from "./expected-access";
import { unique } from "./factories";
import { createSamlIdp } from "./idp/saml-idp";
import { sessionFor } from "./session-factories";
import { createSamlConnection } from "./sso-factories";
import type { Who, World } from "./world";

/**
 * How the security suite calls one server action (`orgAction`) against a world's objects.
 * As for routes (test/routes.ts), who may call it is not written here: the suite derives it
 * from `permission` and `target` through `can()` (test/expected-access.ts).
 */
export type ActionCase = {
  /** the permission the action declares (the suite checks it against the action's source) */
  permission: Permission;
  /**
   * An input the action accepts from `who`, naming objects of the world `w`. May make what it
   * needs first (a second session to end, an archived project to restore); the suite builds it
   * before taking the state it compares.
   */
  input: (w: World, who: Who) => unknown | Promise<unknown>;
  /** the object the permission is checked against (the action's target resolver); the organization when not given */
  target?: TargetOf;
  /** a read: allowed callers may share one world */
  read?: true;
  /**
   * Where the action's behaviour and the matrix's answer for its declared permission disagree
   * and the matrix is not clearly what the spec intends: the suite keeps the matrix's
   * expectation (so the check fails until the two agree) and names the disagreement in the
   * title of the action's checks.
   */
  disagreement?: string;
};

export type OrgActionFn = (orgSlug: string, raw: unknown) => Promise<ActionResult<unknown>>;

const FILES = {
  adminKeys: "app/(console)/[orgSlug]/admin-keys/actions.ts",
  billing: "app/(console)/[orgSlug]/billing/actions.ts",
  members: "app/(console)/[orgSlug]/members/actions.ts",
  models: "app/(console)/[orgSlug]/models/actions.ts",
  notifications: "app/(console)/[orgSlug]/notifications/actions.ts",
  projects: "app/(console)/[orgSlug]/projects/actions.ts",
  project: "app/(console)/[orgSlug]/projects/[projectSlug]/actions.ts",
  keys: "app/(console)/[orgSlug]/projects/[projectSlug]/keys/actions.ts",
  key: "app/(console)/[orgSlug]/projects/[projectSlug]/keys/[keyId]/actions.ts",
  projectMembers: "app/(console)/[orgSlug]/projects/[projectSlug]/members/actions.ts",
  projectUsage: "app/(console)/[orgSlug]/projects/[projectSlug]/usage/actions.ts",
  security: "app/(console)/[orgSlug]/security/actions.ts",
  domains: "app/(console)/[orgSlug]/security/domains/actions.ts",
  sso: "app/(console)/[orgSlug]/security/sso/actions.ts",
  sessions: "app/(console)/[orgSlug]/sessions/actions.ts",
  settings: "app/(console)/[orgSlug]/settings/actions.ts",
  webhooks: "app/(console)/[orgSlug]/webhooks/actions.ts",
  roles: "app/(console)/[orgSlug]/roles/actions.ts",
} as const;

/** Every module of server actions, by its file, as the suite enumerates their exports. */
export const ACTION_MODULES: Record<string, Record<string, unknown>> = {
  [FILES.adminKeys]: adminKeyActions,
  [FILES.billing]: billingActions,
  [FILES.members]: memberActions,
  [FILES.models]: modelActions,
  [FILES.notifications]: notificationActions,
  [FILES.projects]: projectActions,
  [FILES.project]: oneProjectActions,
  [FILES.keys]: keyActions,
  [FILES.key]: oneKeyActions,
  [FILES.projectMembers]: projectMemberActions,
  [FILES.projectUsage]: projectUsageActions,
  [FILES.security]: securityActions,
  [FILES.domains]: domainActions,
  [FILES.sso]: ssoActions,
  [FILES.sessions]: sessionActions,
  [FILES.settings]: settingsActions,
  [FILES.webhooks]: webhookActions,
  [FILES.roles]: roleActions,
};

const { project: onProject, teamKey: onTeamKey, newKey: onNewKey } = TARGETS;
const inProject = (w: World) => ({ projectId: w.project.id });
const teamKey = (w: World) => ({ keyId: w.teamKeyId });
const webhook = (w: World) => ({ webhookId: w.webhookId });
/** The world's endpoint, enabled: sending to a disabled one is a conflict (background jobs are off in tests, so nothing is sent). */
const enabledWebhook = async (w: World) => {
  const db = await getDb();
  await db.update(webhookEndpoints).set({ enabled: true }).where(eq(webhookEndpoints.id, w.webhookId));
  return webhook(w);
};

/** Every server action, by module file and export name. */
export const ACTION_CASES: Record<string, Record<string, ActionCase>> = {
  [FILES.projects]: {
    createProjectAction: { permission: "project.create", input: () => ({ name: unique("Project") }) },
  },
  [FILES.project]: {
    updateProjectAction: { permission: "project.update", target: onProject, input: (w) => ({ ...inProject(w), description: "Changed" }) },
    addEnvironmentAction: { permission: "project.update", target: onProject, input: (w) => ({ ...inProject(w), name: "qa" }) },
    archiveProjectAction: { permission: "project.archive", target: onProject, input: inProject },
    // restoring needs an archived project: the world's is archived first (authorization comes before that check)
    restoreProjectAction: {
      permission: "project.archive",
      target: onProject,
      input: async (w) => {
        const db = await getDb();
        // a conflict when an earlier input archived it already
        await db.transaction((tx) => archiveProject(tx, w.ctx, w.project.id)).catch(() => undefined);
        return inProject(w);
      },
    },
  },
  [FILES.projectUsage]: {
    setBudgetAction: { permission: "budget.manage", target: onProject, input: (w) => ({ ...inProject(w), amount: "100", thresholds: "50, 100", hardLimit: false }) },
  },
  [FILES.projectMembers]: {
    // the member without a project role joins as a viewer (no one gives a project role above their own)
    setProjectMemberAction: { permission: "project.members", target: onProject, input: (w) => ({ ...inProject(w), userId: w.users.member.id, role: "viewer" }) },
    removeProjectMemberAction: { permission: "project.members", target: onProject, input: (w) => ({ ...inProject(w), userId: w.users.viewer.id }) },
  },
  [FILES.keys]: {
    // the target is the key it would make: a signed-in caller's own, which a developer's `own` grant covers
    createKeyAction: { permission: "key.create", target: onNewKey, input: (w) => ({ ...inProject(w), name: unique("key"), environment: "development" }) },
    createServiceAccountAction: { permission: "project.update", target: onProject, input: (w) => ({ ...inProject(w), name: unique("robot") }) },
  },
  [FILES.key]: {
    // the world's team key is the owner's: a developer's `own` grant does not reach it
    updateKeyAction: { permission: "key.update", target: onTeamKey, input: (w) => ({ ...teamKey(w), name: "Renamed key" }) },
    rotateKeyAction: { permission: "key.rotate", target: onTeamKey, input: (w) => ({ ...teamKey(w), gracePeriodSeconds: 0 }) },
    revokeKeyAction: { permission: "key.revoke", target: onTeamKey, input: teamKey },
    explainAccessAction: { permission: "key.read", target: onTeamKey, input: (w) => ({ ...teamKey(w), model: "openai/gpt-4o" }), read: true },
  },
  [FILES.notifications]: {
    updatePreferencesAction: { permission: "org.read", input: () => ({ preferences: [{ category: OPTIONAL_CATEGORIES[0], enabled: false }] }) },
  },
  [FILES.settings]: {
    renameOrganizationAction: { permission: "org.update", input: () => ({ name: unique("Renamed") }) },
    deleteOrganizationAction: { permission: "org.delete", input: (w) => ({ confirmSlug: w.org.slug }) },
  },
  [FILES.billing]: {
    updateTermsAction: {
      permission: "billing.manage",
      input: (w) => ({
        plan: "enterprise",
        baseFee: "1000",
        includedSeats: "10",
        seatPrice: "20",
        committed: "0",
        contractStart: "",
        termMonths: "12",
        renewalDate: "",
        taxRatePercent: "0",
        paymentTermsDays: "30",
        billingOwnerId: w.owner.id,
      }),
    },
    updateContactsAction: { permission: "billing.manage", input: () => ({ renewalContacts: ["ap@example.test"] }) },
  },
  [FILES.sessions]: {
    // another session of the caller's own (the one making the request stays)
    endOwnSessionAction: { permission: "org.read", input: async (w, who) => ({ sessionId: sessionPublicId((await sessionFor(w.userOf(who))).token) }) },
    endOtherOwnSessionsAction: { permission: "org.read", input: () => ({}) },
  },
  [FILES.models]: {
    updateOrganizationModelsAction: { permission: "org.update", input: () => ({ allowedModels: [] }) },
  },
  [FILES.members]: {
    inviteAction: { permission: "member.invite", input: () => ({ email: `${unique("invited")}@example.test`, role: "member" }) },
    resendInviteAction: { permission: "member.invite", input: (w) => ({ inviteId: w.inviteId }) },
    revokeInviteAction: { permission: "member.invite", input: (w) => ({ inviteId: w.inviteId }) },
    changeRoleAction: { permission: "member.update", input: (w) => ({ userId: w.users.member.id, role: "admin" }) },
    removeMemberAction: { permission: "member.remove", input: (w) => ({ userId: w.users.member.id }) },
    transferOwnershipAction: { permission: "org.transfer", input: (w) => ({ userId: w.users.member.id }) },
    // every member may leave; the last owner meets a conflict
    leaveAction: { permission: "org.read", input: () => ({}) },
  },
  [FILES.webhooks]: {
    createEndpointAction: { permission: "webhook.manage", input: () => ({ url: "https://receiver.invalid/new", eventTypes: ["security.sso_connection.deleted"] }) },
    updateEndpointAction: { permission: "webhook.manage", input: (w) => ({ ...webhook(w), description: "Changed" }) },
    deleteEndpointAction: { permission: "webhook.manage", input: webhook },
    rotateSecretAction: { permission: "webhook.manage", input: webhook },
    sendTestAction: { permission: "webhook.manage", input: enabledWebhook },
    retryDeliveryAction: { permission: "webhook.manage", input: async (w) => ({ ...(await enabledWebhook(w)), deliveryId: w.deliveryId }) },
    replayAction: { permission: "webhook.manage", input: async (w) => ({ ...(await enabledWebhook(w)), since: new Date(Date.now() - 3600_000).toISOString() }) },
  },
  [FILES.adminKeys]: {
    // an admin-role key: every holder of admin_key.manage holds its permissions (the rank rule has its own tests)
    createAdminKeyAction: { permission: "admin_key.manage", input: () => ({ name: unique("key"), role: "admin" }) },
    revokeAdminKeyAction: { permission: "admin_key.manage", input: (w) => ({ adminKeyId: w.spareAdminKeyId }) },
  },
  [FILES.security]: {
    updateKeyPolicyAction: {
      permission: "security.manage",
      input: () => ({ maxLifetimeDays: 365, requireExpiry: false, requireIpAllowlistForProduction: false, productionKeyRoles: ["project_admin"] }),
    },
    updateSessionPolicyAction: { permission: "security.manage", input: () => ({ sessionMaxAgeSeconds: 7 * 86400, sessionIdleTimeoutSeconds: null }) },
    endMemberSessionAction: { permission: "security.manage", input: (w) => ({ sessionId: w.memberSessionId }) },
    endAllSessionsAction: { permission: "security.manage", input: () => ({}) },
  },
  [FILES.domains]: {
    claimDomainAction: { permission: "security.manage", input: () => ({ domain: `${unique("claimed")}.test` }) },
    // the world's domain has no TXT record: an allowed caller is answered pending, with the lookup's error
    verifyDomainAction: { permission: "security.manage", input: (w) => ({ domainId: w.domainId }) },
    deleteDomainAction: { permission: "security.manage", input: (w) => ({ domainId: w.domainId }) },
    setEnforcementAction: { permission: "security.manage", input: () => ({ enabled: false }) },
    generateRecoveryCodesAction: { permission: "security.recovery_codes", input: () => ({}) },
  },
  [FILES.sso]: {
    createConnectionAction: {
      permission: "security.manage",
      input: () => ({ protocol: "oidc", name: unique("IdP"), issuer: "https://idp.invalid", clientId: "c", clientSecret: "s" }),
    },
    updateConnectionAction: {
      permission: "security.manage",
      input: (w) => ({ connectionId: w.ssoConnectionId, protocol: "oidc", name: "Renamed IdP", issuer: "https://idp.invalid", clientId: "world" }),
    },
    deleteConnectionAction: { permission: "security.manage", input: (w) => ({ connectionId: w.ssoConnectionId }) },
    // a SAML connection: starting its test needs no network (OIDC would discover the issuer first)
    startTestAction: {
      permission: "security.manage",
      input: async (w) => ({ connectionId: (await createSamlConnection(w, createSamlIdp().metadataXml)).id }),
    },
  },
  [FILES.roles]: {
    createRoleAction: { permission: "member.update", input: () => ({ name: unique("Role"), scope: "organization", permissions: ["audit.read"] }) },
    updateRoleAction: { permission: "member.update", input: async (w) => ({ roleId: (await unusedRole(w)).id, name: unique("Renamed") }) },
    deleteRoleAction: { permission: "member.update", input: async (w) => ({ roleId: (await unusedRole(w)).id }) },
  },
};

/** A custom role of the world that nobody holds, made by its owner (so any editor with member.update and audit.read may act on it). */
async function unusedRole(w: World) {
  const db = await getDb();
  return db.transaction((tx) => createRole(tx, w.ctx, { name: unique("Unused role"), scope: "organization", permissions: ["audit.read"] }));
}

/** Every case as one list: `file#name`, the action itself and its case. */
export function actionList(): { key: string; file: string; name: string; action: OrgActionFn; case: ActionCase }[] {
  return Object.entries(ACTION_CASES).flatMap(([file, cases]) =>
    Object.entries(cases).map(([name, c]) => ({ key: `${file}#${name}`, file, name, action: ACTION_MODULES[file]?.[name] as OrgActionFn, case: c })),
  );
}
