import { newRequestId } from "@/lib/server/request";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { currentSession } from "@/lib/auth/current";
import { sessionEndedQuery } from "@/lib/security/session-policy";
import { enforceSessionPolicy } from "@/lib/security/sessions";
import { can, type Permission, type Target } from "@/lib/rbac";
import type { RequestContext } from "@/lib/server/context";
import { principalForUser } from "@/lib/server/principal";
import { findOrganizationBySlug } from "./service";

/**
 * The organization of a console page, resolved once per request from the URL slug:
 * signed out → sign-in; not a member (or no such organization) → 404; a session the
 * organization's session policy ends → sign-in, with the reason.
 */
export const getOrgContext = cache(async (orgSlug: string) => {
  const signedIn = await currentSession();
  if (!signedIn) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/${orgSlug}`)}`);
  const { user, session } = signedIn;
  const db = await getDb();
  const org = await findOrganizationBySlug(db, orgSlug);
  const principal = org ? await principalForUser(db, user, org.id) : null;
  if (!org || !principal) notFound();
  const ended = await enforceSessionPolicy(db, session, org);
  if (ended) redirect(`/sign-in?${sessionEndedQuery(ended.reason, org.slug, ended.seconds, `/${org.slug}`)}`);
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

/** For pages that need a permission to be seen at all: 404 otherwise (nothing to probe). */
export async function requireOrgPermission(orgSlug: string, permission: Permission, target?: Target) {
  const context = await getOrgContext(orgSlug);
  if (!context.can(permission, target)) notFound();
  return context;
}
