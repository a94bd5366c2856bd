import { createElement, type ReactElement } from "react";
import { NoAccess } from "@/components/no-access";
import { getOrgContext, type OrgContext } from "@/lib/orgs/context";
import type { Permission, Target } from "@/lib/rbac";

export type PageAccess = (OrgContext & { allowed: true }) | { allowed: false; screen: ReactElement };

/**
 * The one entry of a console page (every page.tsx under app/(console)/[orgSlug] calls it once):
 * the organization's context when the member holds `permission` on `target` (the organization
 * by default), else the access screen to render instead, naming the permission and the roles
 * that hold it.
 *
 *   const access = await requirePage(orgSlug, "billing.read");
 *   if (!access.allowed) return access.screen;
 *
 * This is the page's only access decision; `access.can(…)` may still hide controls, and every
 * server action checks again. Not being a member, or an object that does not exist in this
 * organization (resolve it first, as the project pages do, and call notFound()), is a 404.
 * A refused page answers 200 with the screen: Next.js lets a page set no status of its own
 * (forbidden() is experimental, and its forbidden.tsx gets no props to name the permission).
 */
export async function requirePage(orgSlug: string, permission: Permission, target?: Target): Promise<PageAccess> {
  const context = await getOrgContext(orgSlug);
  if (context.can(permission, target)) return { ...context, allowed: true };
  return {
    allowed: false,
    screen: createElement(NoAccess, { permission, scope: target?.kind ?? "organization", orgName: context.org.name, orgSlug: context.org.slug }),
  };
}
