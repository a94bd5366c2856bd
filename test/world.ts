import { getDb } from "@/db/client";
import { ssoConnections, ssoDomains, type User } from "@/db/schema";
import { createKey } from "@/lib/keys/service";
import { sessionPublicId } from "@/lib/security/sessions";
import { inviteMember } from "@/lib/members/invitations";
import { createEndpoint } from "@/lib/webhooks/service";
import type { ProjectView } from "@/lib/projects/service";
import { ADMIN_KEY_ROLES, type AdminKeyRole, type ProjectRole } from "@/lib/rbac";
import {
  addMember,
  addProjectMember,
  asKey,
  asSession,
  createOrg,
  createSession,
  createTestAdminKey,
  createTestProject,
  type HeaderMap,
  unique,
  type OrgFixture,
} from "./factories";
import { failedDelivery } from "./webhook-factories";
import { createTestInvoice } from "./billing-factories";

/** Who calls: an admin key of a role, or the session of a member (by project role, if any). */
export type Who = `key:${AdminKeyRole}` | "session:owner" | "session:member" | `session:${ProjectRole}`;

/**
 * One organization with a project, a team key in it (owned by the owner), an admin key of
 * every role, a spare admin key to act on, a pending invitation, a disabled webhook endpoint
 * with a failed delivery, and a signed-in owner, member without a project role, and a member
 * of each project role.
 */
export type World = OrgFixture & {
  project: ProjectView;
  teamKeyId: string;
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
  /** the public id of the member's (cookies.member) session */
  memberSessionId: string;
  keys: Record<AdminKeyRole, string>;
  users: Record<"member" | ProjectRole, User>;
  cookies: Record<"owner" | "member" | ProjectRole, string>;
  as: (who: Who) => HeaderMap;
};

export async function createWorld(): Promise<World> {
  // enterprise: every plan-gated Admin API route (SSO connections) must work for the world's own callers
  const fx = await createOrg({ plan: "enterprise" });
  const project = await createTestProject(fx);
  const db = await getDb();
  const teamKey = await db.transaction((tx) =>
    createKey(tx, fx.ctx, project.id, { name: unique("team key"), environment: "development" }),
  );
  const keys = {} as Record<AdminKeyRole, string>;
  for (const role of ADMIN_KEY_ROLES) keys[role] = (await createTestAdminKey(fx, role)).secret;
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

  const users = {} as World["users"];
  const cookies = { owner: await createSession(fx.owner) } as World["cookies"];
  for (const role of ["member", "project_admin", "developer", "viewer"] as const) {
    users[role] = await addMember(fx.org.id, "member");
    if (role !== "member") await addProjectMember(project.id, users[role], role);
    cookies[role] = await createSession(users[role]);
  }

  const as = (who: Who): HeaderMap => {
    const [kind, role] = who.split(":") as ["key" | "session", string];
    return kind === "key" ? asKey(keys[role as AdminKeyRole]) : asSession(cookies[role as keyof World["cookies"]]);
  };
  return { ...fx, project, teamKeyId: teamKey.key.id, spareAdminKeyId: spare.adminKey.id, inviteId: invite.id, webhookId: webhook.endpoint.id, deliveryId: delivery.id, invoiceId: invoice.invoiceId, ssoConnectionId: sso!.id, domainId: domain!.id, memberSessionId: sessionPublicId(cookies.member.split("=")[1]!), keys, users, cookies, as };
}
