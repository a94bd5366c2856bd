import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { findProjectKey } from "@/lib/keys/queries";
import { getOrgContext } from "@/lib/orgs/context";
import { findProjectBySlug, getProject } from "@/lib/projects/service";

/**
 * The project of the URL, within the organization of the URL: a 404 when there is none (another
 * organization's project is none). Resolving decides nothing about access: each page then calls
 * requirePage with its permission on `target`. The project's layout calls it too, so a missing
 * project is a 404 before any loading boundary streams.
 */
export const resolveProject = cache(async (orgSlug: string, projectSlug: string) => {
  const { db, ctx, org } = await getOrgContext(orgSlug);
  const row = await findProjectBySlug(db, org.id, projectSlug);
  if (!row) notFound();
  return { project: await getProject(db, ctx, row.id), target: { kind: "project", projectId: row.id } as const };
});

/** The key of the URL, in the project of the URL: a 404 when that project has no such key. */
export const resolveProjectKey = cache(async (orgSlug: string, projectSlug: string, keyId: string) => {
  const { project } = await resolveProject(orgSlug, projectSlug);
  const { db, ctx } = await getOrgContext(orgSlug);
  const key = await findProjectKey(db, ctx, project.id, keyId);
  if (!key) notFound();
  const target = { kind: "key", projectId: key.projectId, ownerUserId: key.owner?.type === "user" ? key.owner.id : null } as const;
  return { project, key, target };
});

/** A project page's title: with the project's name only for those who may see the project. */
export async function projectTitle(orgSlug: string, projectSlug: string, page?: string): Promise<Metadata> {
  const { project, target } = await resolveProject(orgSlug, projectSlug);
  const { can } = await getOrgContext(orgSlug);
  const name = can("project.read", target) ? project.name : null;
  return { title: [page, name].filter(Boolean).join(" · ") || "Project" };
}

/** A key page's title: the key's and the project's names only for those who may see the key. */
export async function keyTitle(orgSlug: string, projectSlug: string, keyId: string): Promise<Metadata> {
  const { project, key, target } = await resolveProjectKey(orgSlug, projectSlug, keyId);
  const { can } = await getOrgContext(orgSlug);
  return { title: can("key.read", target) ? `${key.name} · ${project.name}` : "API key" };
}
