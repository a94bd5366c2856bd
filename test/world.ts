import { randomBytes } from "node:crypto";
import { getDb } from "@/db/client";
import { memberships, projectMembers, sessions, ssoConnections, ssoDomains, users as usersTable, type User } from "@/db/schema";
import { createKey } from "@/lib/keys/service";
import { createServiceAccount } from "@/lib/keys/service-accounts";
import { createRole } from "@/lib/roles/service";
import { sessionPublicId } from "@/lib/security/sessions";
import { inviteMember } from "@/lib/members/invitations";
import { createEndpoint } from "@/lib/webhooks/service";
import type { ProjectView } from "@/lib/projects/service";
import type { Actor, AdminKeyRole, OrgRole, Permission, ProjectRole } from "@/lib/rbac";
import {
  asKey,
  asSession,
  createOrg,
  createSession,
  createTestAdminKey,
  createTestProject,
  type HeaderMap,
  unique,
  type OrgFixture,
  userActor,
} from "./factories";
import { failedDelivery } from "./webhook-factories";
import { createTestInvoice } from "./billing-factories";

/**
 * Every caller of the shared suites, declared once: an admin key of a role, or the session of
 * a member with an organization role and, for `member`s, a role in the world's project.
 * The world makes a credential for each; test/expected-access.ts turns each into the
 * Principal the permission matrix decides on. A new caller is one more line here, e.g.
 * `"session:custom:key.read": { via: "session", role: "member", custom: ["key.read"] }` for a
 * member holding an organization-scoped custom role; every route and action is then checked
 * for it with the answer `can()` gives.
 */
export const CALLERS = {
  "key:owner": { via: "admin_key", role: "owner" },
  "key:admin": { via: "admin_key", role: "admin" },
  "key:security": { via: "admin_key", role: "security" },
  "key:finance": { via: "admin_key", role: "finance" },
  // the organization's creator
  "session:owner": { via: "session", role: "owner" },
  "session:admin": { via: "session", role: "admin" },
  "session:security": { via: "session", role: "security" },
  "session:finance": { via: "session", role: "finance" },
  "session:member": { via: "session", role: "member" },
  "session:project_admin": { via: "session", role: "member", projectRole: "project_admin" },
  "session:developer": { via: "session", role: "member", projectRole: "developer" },
  "session:viewer": { via: "session", role: "member", projectRole: "viewer" },
  // a member holding an organization-scoped custom role (lib/rbac custom roles)
  "session:custom:key.read": { via: "session", role: "member", custom: ["key.read"] },
} as const satisfies Record<string, Caller>;

export type Caller =
  | { via: "admin_key"; role: AdminKeyRole }
  | {
      via: "session";
      role: OrgRole;
      /** the member's role in the world's project (organization `member`s only) */
      projectRole?: ProjectRole;
      /** the permissions of an organization-scoped custom role the member holds (on the `member` role) */
      custom?: readonly Permission[];
    };

/** Who calls: a name of CALLERS. */
export type Who = keyof typeof CALLERS;
export const WHO = Object.keys(CALLERS) as Who[];
/** The callers with a console session (the only ones that can call server actions). */
export const SESSION_WHO = WHO.filter((who) => CALLERS[who].via === "session");

/** The short names of the built-in session callers, as w.users and w.cookies know them. */
type SessionName = Exclude<OrgRole, "owner"> | ProjectRole;
/** The short name of a session caller: `session:developer` → `developer`. */
const sessionName = (who: Who) => who.slice("session:".length);

/**
 * One organization with a project, a team key in it (owned by the owner), a service account of
 * the project, an admin key of every role, a spare admin key to act on, a pending invitation, a
 * disabled webhook endpoint with a failed delivery, an invoice, an SSO connection, a pending
 * domain, a custom role held by nobody, and a signed-in session for every session caller of CALLERS.
 */
export type World = OrgFixture & {
  project: ProjectView;
  teamKeyId: string;
  /** who owns the team key (the owner: a developer's `own` grant does not reach it) */
  teamKeyOwnerId: string;
  /** a service account of the project (admin keys create keys owned by one) */
  serviceAccountId: string;
  spareAdminKeyId: string;
  inviteId: string;
  webhookId: string;
  deliveryId: string;
  /** an open invoice of a past month */
  invoiceId: string;
  /** an OIDC connection (never signed in through) */
  ssoConnectionId: string;
  /** a claimed, pending domain */
  domainId: string;
  /** a custom role of the organization (key.read), held by nobody */
  roleId: string;
  /** the public id of the member's (cookies.member) session */
  memberSessionId: string;
  /** admin key secrets by role */
  keys: Record<AdminKeyRole, string>;
  /** admin key ids by role */
  keyIds: Record<AdminKeyRole, string>;
  /** the users of the session callers (the owner is `owner`) */
  users: Record<SessionName, User>;
  cookies: Record<"owner" | SessionName, string>;
  /** the headers a caller sends to the Admin API */
  as: (who: Who) => HeaderMap;
  /** the Cookie header of a session caller */
  cookieOf: (who: Who) => string;
  /** the user of a session caller */
  userOf: (who: Who) => User;
  /** the actor a caller acts as */
  actorOf: (who: Who) => Actor;
  /** the custom role a caller holds (CALLERS `custom`), with the id the world gave it */
  customRoleOf: (who: Who) => { id: string; name: string; permissions: readonly Permission[] } | null;
};

export async function createWorld(): Promise<World> {
  // enterprise: every plan-gated Admin API route (SSO connections) must work for the world's own callers
  const fx = await createOrg({ plan: "enterprise" });
  const project = await createTestProject(fx);
  const db = await getDb();
  const teamKey = await db.transaction((tx) =>
    createKey(tx, fx.ctx, project.id, { name: unique("team key"), environment: "development" }),
  );
  const serviceAccount = await db.transaction((tx) => createServiceAccount(tx, fx.ctx, project.id, { name: unique("robot") }));
  const keys = {} as World["keys"];
  const keyIds = {} as World["keyIds"];
  // admin keys through the service (their secrets are made there); session callers in a few bulk inserts
  for (const who of WHO) {
    const caller: Caller = CALLERS[who];
    if (caller.via !== "admin_key") continue;
    const { adminKey, secret } = await createTestAdminKey(fx, caller.role);
    keys[caller.role] = secret;
    keyIds[caller.role] = adminKey.id;
  }
  const userByWho = new Map<Who, User>([["session:owner", fx.owner]]);
  const cookieByWho = new Map<Who, string>([["session:owner", await createSession(fx.owner)]]);
  const customByWho = new Map<Who, { id: string; name: string; permissions: readonly Permission[] }>();
  const members = WHO.flatMap((who) => {
    const caller: Caller = CALLERS[who];
    return caller.via === "session" && who !== "session:owner" ? [{ who, caller }] : [];
  });
  for (const { who, caller } of members) {
    if (!caller.custom) continue;
    const made = await db.transaction((tx) => createRole(tx, fx.ctx, { name: unique(`Role of ${who}`), scope: "organization", permissions: [...caller.custom!] }));
    customByWho.set(who, { id: made.id, name: made.name, permissions: made.permissions });
  }
  const made = await db
    .insert(usersTable)
    .values(members.map(({ who }) => ({ email: `${unique("user")}@example.test`, name: `A ${sessionName(who)}` })))
    .returning();
  members.forEach(({ who }, i) => userByWho.set(who, made[i]!));
  const userId = (who: Who) => userByWho.get(who)!.id;
  await db
    .insert(memberships)
    .values(members.map(({ who, caller }) => ({ organizationId: fx.org.id, userId: userId(who), role: caller.role, ...(customByWho.has(who) ? { customRoleId: customByWho.get(who)!.id } : {}) })));
  const inProject = members.filter(({ caller }) => caller.projectRole);
  if (inProject.length > 0) {
    await db.insert(projectMembers).values(inProject.map(({ who, caller }) => ({ organizationId: fx.org.id, projectId: project.id, userId: userId(who), role: caller.projectRole! })));
  }
  const tokens = members.map(() => randomBytes(32).toString("base64url"));
  await db.insert(sessions).values(members.map(({ who }, i) => ({ sessionToken: tokens[i]!, userId: userId(who), expires: new Date(Date.now() + 3600_000) })));
  members.forEach(({ who }, i) => cookieByWho.set(who, `authjs.session-token=${tokens[i]}`));
  // by short name, for the built-in callers
  const users = {} as World["users"];
  const cookies = {} as World["cookies"];
  for (const who of SESSION_WHO) {
    const name = sessionName(who);
    if (name !== "owner") (users as Record<string, User>)[name] = userByWho.get(who)!;
    (cookies as Record<string, string>)[name] = cookieByWho.get(who)!;
  }
  const spare = await createTestAdminKey(fx, "admin");
  const invite = await db.transaction((tx) => inviteMember(tx, fx.ctx, { email: `${unique("invitee")}@example.test`, role: "member" }));
  // disabled, so no dispatcher ever sends to it while the suite compares states
  const webhook = await db.transaction((tx) =>
    createEndpoint(tx, fx.ctx, { url: "https://receiver.invalid/hook", eventTypes: ["security.sso_connection.deleted"], enabled: false }),
  );
  const delivery = await failedDelivery(fx, webhook.endpoint.id);
  const invoice = await createTestInvoice(fx.org.id);
  const [sso] = await db.insert(ssoConnections).values({ organizationId: fx.org.id, protocol: "oidc", name: "World IdP", issuer: "https://idp.invalid", clientId: "world" }).returning();

  const [domain] = await db.insert(ssoDomains).values({ organizationId: fx.org.id, domain: `${unique("world")}.test`, verificationToken: unique("token") }).returning();
  const role = await db.transaction((tx) => createRole(tx, fx.ctx, { name: unique("Key reader"), scope: "organization", permissions: ["key.read"] }));

  const caller = (who: Who): Caller => CALLERS[who];
  const sessionOf = <T>(map: Map<Who, T>, who: Who): T => {
    const found = map.get(who);
    if (found === undefined) throw new Error(`${who} has no session`);
    return found;
  };
  const userOf = (who: Who): User => sessionOf(userByWho, who);
  const cookieOf = (who: Who) => sessionOf(cookieByWho, who);
  const as = (who: Who): HeaderMap => {
    const c = caller(who);
    return c.via === "admin_key" ? asKey(keys[c.role]) : asSession(cookieOf(who));
  };
  const actorOf = (who: Who): Actor => {
    const c = caller(who);
    return c.via === "admin_key" ? { type: "admin_key", keyId: keyIds[c.role], name: `${c.role} key` } : userActor(userOf(who));
  };
  const customRoleOf = (who: Who) => customByWho.get(who) ?? null;
  return {
    ...fx,
    project,
    teamKeyId: teamKey.key.id,
    teamKeyOwnerId: fx.owner.id, // created in the owner's context
    serviceAccountId: serviceAccount.id,
    spareAdminKeyId: spare.adminKey.id,
    inviteId: invite.id,
    webhookId: webhook.endpoint.id,
    deliveryId: delivery.id,
    invoiceId: invoice.invoiceId,
    ssoConnectionId: sso!.id,
    domainId: domain!.id,
    roleId: role.id,
    memberSessionId: sessionPublicId(cookies.member.split("=")[1]!),
    keys,
    keyIds,
    users,
    cookies,
    as,
    cookieOf,
    userOf,
    actorOf,
    customRoleOf,
  };
}
