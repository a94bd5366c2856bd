import { newRequestId } from "@/lib/core/request";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { currentSession } from "@/lib/auth/current";
import { sessionEndedQuery } from "@/lib/security/session-policy";
import { can, type Permission, type Target } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";
import { resolveSession } from "@/lib/server/principal";
import { findOrganizationBySlug } from "./service";

/**
 * The organization of a console page, resolved once per request from the URL slug:
 * signed out → sign-in; not a member (or no such organization) → 404; a session the
 * organization's session policy ends → sign-in, with the reason. Layouts and route handlers
 * call it; a page calls requirePage (lib/server/page.ts), which also decides whether the member
 * may see it.
 */
export const getOrgContext = cache(async (orgSlug: string) => {
  const signedIn = await currentSession();
  const db = await getDb();
  const resolved = await resolveSession(db, signedIn, signedIn ? await findOrganizationBySlug(db, orgSlug) : null);
  if (!resolved.ok) {
    if (resolved.reason === "signed-out") redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/${orgSlug}`)}`);
    if (resolved.reason === "not-member") notFound();
    const { ended } = resolved as Extract<typeof resolved, { reason: "session-ended" }>;
    redirect(`/sign-in?${sessionEndedQuery(ended.reason, orgSlug, ended.seconds, `/${orgSlug}`)}`);
  }
  const { user, org, principal } = resolved;
  /** for the read services (listProjects, getProject, …); changes go through orgAction */
  const ctx: RequestContext = { principal, requestId: newRequestId(), ip: null, userAgent: null };
  return {
    db,
    user,
    org,
    principal,
    ctx,
    /** for showing or hiding actions; the server actions check again */
    can: (permission: Permission, target?: Target) => can(principal, permission, target),
  };
});

/** What getOrgContext gives: console pages receive it through requirePage (lib/server/page.ts). */
export type OrgContext = Awaited<ReturnType<typeof getOrgContext>>;
