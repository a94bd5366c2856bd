import { and, eq, isNull } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as organization from "@/app/api/v1/organization/route";
import { getDb } from "@/db/client";
import { emailOutbox, outboxEvents, sessions } from "@/db/schema";
import { queueEventEmails } from "@/lib/notifications/from-events";
import { lookupSession } from "@/lib/auth/session";
import { getOrgContext } from "@/lib/orgs/context";
import { endAllSessions, endSession, listSessions, sessionPolicyOf, sessionPublicId, updateSessionPolicy } from "@/lib/security/sessions";
import { endAllSessionsAction, endMemberSessionAction, updateSessionPolicyAction } from "@/app/(console)/[orgSlug]/security/actions";
import { endOtherOwnSessionsAction, endOwnSessionAction } from "@/app/(console)/[orgSlug]/sessions/actions";
import { addMember, apiRequest, asSession, auditRows, call, createOrg, createUser, orgState, userContext, type OrgFixture } from "../factories";
import { sessionFor, sessionRow } from "../session-factories";

// Server actions and pages read the request through next/headers; navigation throws as in Next.js.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
vi.mock("next/server", () => ({ connection: async () => {} }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/navigation", () => {
  class Navigation extends Error {}
  return {
    redirect: (url: string) => {
      throw new Navigation(`NEXT_REDIRECT ${url}`);
    },
    notFound: () => {
      throw new Navigation("NEXT_NOT_FOUND");
    },
    unstable_rethrow: (e: unknown) => {
      if (e instanceof Navigation) throw e;
    },
  };
});

const as = (cookie: string) => {
  request.headers = new Headers({ cookie, "user-agent": "vitest", "x-anyint-client-ip": "198.51.100.7" });
};

async function setPolicy(fx: OrgFixture, maxAge: number | null, idle: number | null) {
  const db = await getDb();
  await db.transaction((tx) => updateSessionPolicy(tx, fx.ctx, { sessionMaxAgeSeconds: maxAge, sessionIdleTimeoutSeconds: idle }));
}

const getOrganization = (cookie: string, org: string) => call(organization.GET, apiRequest("GET", "/organization", { headers: asSession(cookie, org) }));

beforeEach(() => {
  request.headers = new Headers();
});

describe("session policy", () => {
  it("ends a session past the organization's maximum age on its next request: API, page and action", async () => {
    const fx = await createOrg({ plan: "enterprise" });
    await setPolicy(fx, 8 * 3600, null);
    const expected = `Your session ended: ${fx.org.slug} requires signing in again every 8 hours.`;

    const api = await sessionFor(fx.owner, { ageSeconds: 9 * 3600 });
    const res = await getOrganization(api.cookie, fx.org.slug);
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: "UNAUTHORIZED", message: expected });
    expect(await sessionRow(api.token)).toBeNull();

    const page = await sessionFor(fx.owner, { ageSeconds: 9 * 3600 });
    as(page.cookie);
    const redirect = await getOrgContext(fx.org.slug).catch((e: Error) => e.message);
    expect(redirect).toBe(`NEXT_REDIRECT /sign-in?reason=session_max_age&org=${fx.org.slug}&limit=28800&callbackUrl=%2F${fx.org.slug}`);
    expect(await sessionRow(page.token)).toBeNull();

    const action = await sessionFor(fx.owner, { ageSeconds: 9 * 3600 });
    as(action.cookie);
    const before = await orgState(fx.org.id);
    const result = await updateSessionPolicyAction(fx.org.slug, { sessionMaxAgeSeconds: null, sessionIdleTimeoutSeconds: null });
    expect(result).toMatchObject({ ok: false, error: { code: "UNAUTHORIZED", message: expected } });
    expect(await sessionRow(action.token)).toBeNull();
    expect(await orgState(fx.org.id)).toEqual(before);
    expect(await sessionPolicyOf(await getDb(), fx.org.id)).toEqual({ sessionMaxAgeSeconds: 8 * 3600, sessionIdleTimeoutSeconds: null });

    // younger sessions go on
    const young = await sessionFor(fx.owner, { ageSeconds: 7 * 3600 });
    expect((await getOrganization(young.cookie, fx.org.slug)).status).toBe(200);
    as(young.cookie);
    expect((await getOrgContext(fx.org.slug)).org.id).toBe(fx.org.id);
  });

  it("ends a session idle longer than the idle timeout, and keeps an active one", async () => {
    const fx = await createOrg();
    await setPolicy(fx, null, 30 * 60);
    const idle = await sessionFor(fx.owner, { idleSeconds: 31 * 60 });
    const res = await getOrganization(idle.cookie, fx.org.id);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe(`Your session ended: ${fx.org.slug} signs you out after 30 minutes without activity.`);
    expect(await sessionRow(idle.token)).toBeNull();

    const idlePage = await sessionFor(fx.owner, { idleSeconds: 31 * 60 });
    as(idlePage.cookie);
    await expect(getOrgContext(fx.org.slug)).rejects.toThrow(`NEXT_REDIRECT /sign-in?reason=session_idle&org=${fx.org.slug}&limit=1800`);

    const idleAction = await sessionFor(fx.owner, { idleSeconds: 31 * 60 });
    as(idleAction.cookie);
    expect(await endOtherOwnSessionsAction(fx.org.slug, {})).toMatchObject({ ok: false, error: { code: "UNAUTHORIZED" } });
    expect(await sessionRow(idleAction.token)).toBeNull();

    const active = await sessionFor(fx.owner, { idleSeconds: 29 * 60, ageSeconds: 40 * 86400 });
    expect((await getOrganization(active.cookie, fx.org.id)).status).toBe(200);
    expect(await sessionRow(active.token)).not.toBeNull();
  });

  it("applies only to requests into the organization that set it", async () => {
    const strict = await createOrg();
    await setPolicy(strict, 3600, 300);
    const relaxed = await createOrg({ owner: strict.owner });
    const old = await sessionFor(strict.owner, { ageSeconds: 2 * 86400, idleSeconds: 3600 });

    expect((await getOrganization(old.cookie, relaxed.org.slug)).status).toBe(200);
    as(old.cookie);
    expect((await getOrgContext(relaxed.org.slug)).org.id).toBe(relaxed.org.id);
    expect(await sessionRow(old.token)).not.toBeNull();

    // sessions are per user: once the strict organization ends it, it is gone everywhere
    expect((await getOrganization(old.cookie, strict.org.slug)).status).toBe(401);
    expect((await getOrganization(old.cookie, relaxed.org.slug)).status).toBe(401);
  });

  it("is validated, needs security.manage, and is audited with an event naming the changed fields", async () => {
    const fx = await createOrg();
    const owner = await sessionFor(fx.owner);
    as(owner.cookie);
    const before = await orgState(fx.org.id);
    const bad = await updateSessionPolicyAction(fx.org.slug, { sessionMaxAgeSeconds: 60, sessionIdleTimeoutSeconds: 31 * 86400 });
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: "INVALID_REQUEST",
        fieldErrors: [
          { path: "sessionMaxAgeSeconds", message: "must be at least 1 hour" },
          { path: "sessionIdleTimeoutSeconds", message: "must be at most 30 days" },
        ],
      },
    });
    expect(await orgState(fx.org.id)).toEqual(before);

    const admin = await addMember(fx.org.id, "admin");
    as((await sessionFor(admin)).cookie);
    expect(await updateSessionPolicyAction(fx.org.slug, { sessionMaxAgeSeconds: 3600, sessionIdleTimeoutSeconds: null })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });

    const security = await addMember(fx.org.id, "security");
    as((await sessionFor(security)).cookie);
    expect(await updateSessionPolicyAction(fx.org.slug, { sessionMaxAgeSeconds: 90 * 86400, sessionIdleTimeoutSeconds: 300 })).toMatchObject({ ok: true });
    const audit = (await auditRows(fx.org.id)).find((a) => a.action === "security.policy.updated");
    expect(audit).toMatchObject({
      actorId: security.id,
      targetType: "session_policy",
      changes: { sessionMaxAgeSeconds: { from: null, to: 90 * 86400 }, sessionIdleTimeoutSeconds: { from: null, to: 300 } },
    });
    const db = await getDb();
    const [event] = await db.select().from(outboxEvents).where(eq(outboxEvents.organizationId, fx.org.id)).then((rows) => rows.filter((r) => r.type === "security.policy.updated"));
    expect(event!.payload.data).toMatchObject({ policy: "sessions", sessionPolicy: { sessionMaxAgeSeconds: 90 * 86400, sessionIdleTimeoutSeconds: 300 } });
  });
});

describe("session activity", () => {
  it("notes last activity at most once a minute, and fills the IP and device Auth.js left empty", async () => {
    const fx = await createOrg();
    const db = await getDb();
    const stale = await sessionFor(fx.owner, { idleSeconds: 300, ip: null, userAgent: null });
    const before = (await sessionRow(stale.token))!.lastActiveAt;
    const found = await lookupSession(db, stale.token, { ip: "198.51.100.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0" });
    expect(found!.session.lastActiveAt).toEqual(before); // the value read drives the idle check
    await vi.waitFor(async () => expect((await sessionRow(stale.token))!.lastActiveAt.getTime()).toBeGreaterThan(before.getTime()));
    expect(await sessionRow(stale.token)).toMatchObject({ ip: "198.51.100.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0" });

    const fresh = await sessionFor(fx.owner, { idleSeconds: 10 });
    const freshBefore = (await sessionRow(fresh.token))!;
    await lookupSession(db, fresh.token, { ip: "192.0.2.1", userAgent: "other" });
    await new Promise((r) => setTimeout(r, 100));
    expect(await sessionRow(fresh.token)).toEqual(freshBefore);
  });
});

describe("listing and ending sessions", () => {
  it("lists a user's or an organization's sessions by a public id, never the token", async () => {
    const fx = await createOrg();
    const member = await addMember(fx.org.id, "member");
    const outsider = await createUser();
    const mine = await sessionFor(fx.owner, { method: "oidc" });
    await sessionFor(member, { userAgent: "Mozilla/5.0 (Windows NT 10.0) Chrome/126.0 Safari/537.36 Edg/126.0" });
    await sessionFor(outsider);
    const db = await getDb();

    const own = await listSessions(db, { userId: fx.owner.id }, { currentToken: mine.token });
    expect(own).toEqual([expect.objectContaining({ id: sessionPublicId(mine.token), method: "oidc", device: "Safari on macOS", ip: "203.0.113.9", current: true })]);
    expect(JSON.stringify(own)).not.toContain(mine.token);

    const all = await listSessions(db, { organizationId: fx.org.id });
    expect(all.map((s) => s.userId).sort()).toEqual([fx.owner.id, member.id].sort());
    expect(all.find((s) => s.userId === member.id)!.device).toBe("Edge on Windows");
  });

  it("lets a member end only their own sessions, and a security owner any member's", async () => {
    const fx = await createOrg();
    const member = await addMember(fx.org.id, "member");
    const memberCurrent = await sessionFor(member);
    const memberOther = await sessionFor(member);
    const ownerSession = await sessionFor(fx.owner);
    const outsiderSession = await sessionFor(await createUser());

    as(memberCurrent.cookie);
    // another person's session is "not found" to a member, and the security action is forbidden
    expect(await endOwnSessionAction(fx.org.slug, { sessionId: sessionPublicId(ownerSession.token) })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await endMemberSessionAction(fx.org.slug, { sessionId: sessionPublicId(ownerSession.token) })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await endOwnSessionAction(fx.org.slug, { sessionId: sessionPublicId(memberOther.token) })).toMatchObject({ ok: true });
    expect(await sessionRow(memberOther.token)).toBeNull();
    expect(await sessionRow(ownerSession.token)).not.toBeNull();

    const db = await getDb();
    const security = userContext(fx.owner, fx.org.id, "security");
    await expect(db.transaction((tx) => endSession(tx, security, { sessionId: sessionPublicId(outsiderSession.token), scope: "organization" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await db.transaction((tx) => endSession(tx, security, { sessionId: sessionPublicId(memberCurrent.token), scope: "organization" }));
    expect(await sessionRow(memberCurrent.token)).toBeNull();
    expect(await sessionRow(outsiderSession.token)).not.toBeNull();
    const audit = (await auditRows(fx.org.id)).filter((a) => a.action === "security.session.ended");
    expect(audit).toHaveLength(2);
    const events = (await db.select().from(outboxEvents).where(eq(outboxEvents.organizationId, fx.org.id))).filter((e) => e.type === "security.sessions.revoked");
    expect(events.map((e) => e.payload.data)).toEqual([{ userIds: [member.id], revokedSessions: 1 }]);
  });

  it("signs out a member's other sessions and keeps this device", async () => {
    const fx = await createOrg();
    const here = await sessionFor(fx.owner);
    const there = await sessionFor(fx.owner);
    as(here.cookie);
    expect(await endOtherOwnSessionsAction(fx.org.slug, {})).toEqual({ ok: true, data: { endedSessions: 1 } });
    expect(await sessionRow(here.token)).not.toBeNull();
    expect(await sessionRow(there.token)).toBeNull();
  });

  it("ends every member's sessions but the caller's current one, and nobody else's", async () => {
    const fx = await createOrg();
    const member = await addMember(fx.org.id, "member");
    const security = await addMember(fx.org.id, "security");
    const outsider = await createUser();
    const current = await sessionFor(security);
    const callerOther = await sessionFor(security);
    const ownerSession = await sessionFor(fx.owner);
    const memberSessions = [await sessionFor(member), await sessionFor(member)];
    const outsiderSession = await sessionFor(outsider);

    as(current.cookie);
    const result = await endAllSessionsAction(fx.org.slug, {});
    expect(result).toEqual({ ok: true, data: { revokedSessions: 4, userIds: [fx.owner.id, member.id, security.id].sort() } });
    expect(await sessionRow(current.token)).not.toBeNull();
    for (const s of [callerOther, ownerSession, ...memberSessions]) expect(await sessionRow(s.token)).toBeNull();
    expect(await sessionRow(outsiderSession.token)).not.toBeNull();

    const db = await getDb();
    const events = (await db.select().from(outboxEvents).where(eq(outboxEvents.organizationId, fx.org.id))).filter((e) => e.type === "security.sessions.revoked");
    expect(events.map((e) => e.payload.data)).toEqual([{ userIds: [fx.owner.id, member.id, security.id].sort(), revokedSessions: 4 }]);
    expect((await auditRows(fx.org.id)).find((a) => a.action === "security.sessions.revoked")).toMatchObject({ actorId: security.id, targetType: "organization" });

    // owners, security owners and the members signed out are emailed (security alerts are essential)
    for (;;) {
      const left = await db.select({ id: outboxEvents.id }).from(outboxEvents).where(and(eq(outboxEvents.organizationId, fx.org.id), isNull(outboxEvents.emailedAt)));
      if (left.length === 0) break;
      await queueEventEmails(db, 500);
    }
    const mails = await db.select().from(emailOutbox).where(and(eq(emailOutbox.organizationId, fx.org.id), eq(emailOutbox.template, "security-alert")));
    const revokedMails = mails.filter((m) => (m.props as { eventType?: string }).eventType === "security.sessions.revoked");
    expect(revokedMails.map((m) => m.to).sort()).toEqual([fx.owner.email, member.email, security.email].sort());
    expect(revokedMails.every((m) => m.to !== outsider.email)).toBe(true);
    expect((revokedMails[0]!.props as { summary: string }).summary).toBe("4 console sessions of 3 members were ended by a security owner. Anyone signed out signs in again as usual.");

    // a member cannot do it
    as((await sessionFor(member)).cookie);
    expect(await endAllSessionsAction(fx.org.slug, {})).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const remaining = await db.select().from(sessions).where(eq(sessions.userId, security.id));
    expect(remaining).toHaveLength(1);
  });

  it("the service ends all without an exception when none is given", async () => {
    const fx = await createOrg();
    const a = await sessionFor(fx.owner);
    const db = await getDb();
    expect(await db.transaction((tx) => endAllSessions(tx, fx.ctx))).toEqual({ revokedSessions: 1, userIds: [fx.owner.id] });
    expect(await sessionRow(a.token)).toBeNull();
  });
});
