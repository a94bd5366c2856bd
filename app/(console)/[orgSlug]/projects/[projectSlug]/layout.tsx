import { resolveProject } from "./_lib/load-project";

/**
 * Resolves the project of the URL before any page of it renders: a slug this organization has
 * no project for (another organization's included) is a 404 here, outside the loading boundary
 * of the limits tab, so the status is 404 and not a streamed 200. Who may see each page is
 * decided by the page (requirePage).
 */
export default async function ProjectLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string; projectSlug: string }> }) {
  const { orgSlug, projectSlug } = await params;
  await resolveProject(orgSlug, projectSlug);
  return children;
}
