import { and, asc, eq, gt, inArray, isNotNull, isNull, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "@/db/client";
import { environments, projects, type Project } from "@/db/schema";
import { diff, recordChange } from "@/lib/audit/record";
import { announceKeyChange } from "@/lib/keys/invalidation";
import { assertKnownModels, modelCatalogFor } from "@/lib/models/service";
import { slugify } from "@/lib/orgs/schemas";
import { projectScope } from "@/lib/rbac";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { DEFAULT_ENVIRONMENTS, type createProjectInput, type updateProjectInput } from "./schemas";

export type ProjectView = ReturnType<typeof projectView>;

export function projectView(p: Project, envs: string[]) {
  return {
    id: p.id,
    name: p.name,
    slug: p.slug,
    description: p.description,
    environments: envs,
    allowedModels: p.allowedModels,
    archivedAt: p.archivedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** production, staging, development first; others after them in the order they were added */
function byEnvironmentOrder(a: string, b: string) {
  const rank = (n: string) => {
    const i = (DEFAULT_ENVIRONMENTS as readonly string[]).indexOf(n);
    return i === -1 ? DEFAULT_ENVIRONMENTS.length : i;
  };
  return rank(a) - rank(b);
}

async function environmentNames(db: Queryable, projectIds: string[]) {
  const byProject = new Map<string, string[]>(projectIds.map((id) => [id, []]));
  if (projectIds.length === 0) return byProject;
  const rows = await db
    .select({ projectId: environments.projectId, name: environments.name })
    .from(environments)
    .where(inArray(environments.projectId, projectIds))
    .orderBy(asc(environments.createdAt), asc(environments.name));
  for (const r of rows) byProject.get(r.projectId)?.push(r.name);
  for (const names of byProject.values()) names.sort(byEnvironmentOrder);
  return byProject;
}

/** A project of the caller's organization, or NOT_FOUND (also for other organizations'). */
export async function loadProject(db: Queryable, organizationId: string, projectId: string) {
  const [p] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.id, projectId), eq(projects.organizationId, organizationId)));
  if (!p) throw new AppError("NOT_FOUND", "Project was not found.");
  return p;
}

export async function findProjectBySlug(db: Queryable, organizationId: string, slug: string) {
  const [p] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.slug, slug), eq(projects.organizationId, organizationId)));
  return p ?? null;
}

export async function getProject(db: Queryable, ctx: RequestContext, projectId: string) {
  const p = await loadProject(db, ctx.principal.organizationId, projectId);
  const envs = await environmentNames(db, [p.id]);
  return projectView(p, envs.get(p.id)!);
}

async function ensureSlugFree(tx: Queryable, organizationId: string, slug: string, exceptId?: string) {
  const existing = await findProjectBySlug(tx, organizationId, slug);
  if (existing && existing.id !== exceptId) {
    throw new AppError("CONFLICT", `A project with the slug "${slug}" already exists.`, {
      fieldErrors: [{ path: "slug", message: "is already used by another project" }],
    });
  }
}

export async function createProject(tx: Queryable, ctx: RequestContext, input: z.infer<typeof createProjectInput>) {
  const organizationId = ctx.principal.organizationId;
  const slug = input.slug ?? slugify(input.name);
  await ensureSlugFree(tx, organizationId, slug);
  if (input.allowedModels?.length) await assertOrgAllows(tx, organizationId, input.allowedModels);
  const [p] = await tx
    .insert(projects)
    .values({
      organizationId,
      name: input.name,
      slug,
      description: input.description ?? "",
      allowedModels: input.allowedModels ?? [],
    })
    .returning();
  const envNames = input.environments ?? [...DEFAULT_ENVIRONMENTS];
  await tx.insert(environments).values(envNames.map((name) => ({ organizationId, projectId: p!.id, name })));
  const view = projectView(p!, envNames);
  await recordChange(tx, ctx, {
    action: "project.created",
    target: { type: "project", id: p!.id },
    changes: { name: p!.name, slug, environments: envNames, allowedModels: p!.allowedModels },
    event: { type: "project.created", data: { project: view } },
  });
  return view;
}

/** A project's allowed models must be models its organization allows. */
async function assertOrgAllows(tx: Queryable, organizationId: string, entries: string[]) {
  const allowed = (await modelCatalogFor(tx, organizationId)).filter((m) => m.allowed).map((m) => m.id);
  await assertKnownModels(tx, entries, "allowedModels", allowed);
}

function assertActive(p: Project) {
  if (p.archivedAt) {
    throw new AppError("CONFLICT", "This project is archived and read-only. Restore it first.");
  }
}

export async function updateProject(
  tx: Queryable,
  ctx: RequestContext,
  projectId: string,
  input: z.infer<typeof updateProjectInput>,
) {
  const before = await loadProject(tx, ctx.principal.organizationId, projectId);
  assertActive(before);
  if (input.slug) await ensureSlugFree(tx, before.organizationId, input.slug, before.id);
  if (input.allowedModels?.length) await assertOrgAllows(tx, before.organizationId, input.allowedModels);
  const { environments: wanted, ...fields } = input;
  const changes: Record<string, unknown> = diff(before, fields);
  let p = before;
  if (Object.keys(changes).length > 0) {
    [p] = (await tx.update(projects).set(fields).where(eq(projects.id, before.id)).returning()) as [Project];
    if (changes.allowedModels) await announceKeyChange(tx, ctx, { kind: "project", id: p.id });
  }
  const existing = (await environmentNames(tx, [p.id])).get(p.id)!;
  const added = (wanted ?? []).filter((n) => !existing.includes(n));
  if (added.length > 0) {
    await tx
      .insert(environments)
      .values(added.map((name) => ({ organizationId: p.organizationId, projectId: p.id, name })));
    changes.environments = { from: existing, to: [...existing, ...added] };
  }
  const view = projectView(p, [...existing, ...added]);
  if (Object.keys(changes).length > 0) {
    await recordChange(tx, ctx, {
      action: "project.updated",
      target: { type: "project", id: p.id },
      changes,
      event: { type: "project.updated", data: { project: view, changes } },
    });
  }
  return view;
}

export async function addEnvironment(tx: Queryable, ctx: RequestContext, projectId: string, name: string) {
  const p = await loadProject(tx, ctx.principal.organizationId, projectId);
  const existing = (await environmentNames(tx, [p.id])).get(p.id)!;
  if (existing.includes(name)) {
    throw new AppError("CONFLICT", `The environment "${name}" already exists in this project.`, {
      fieldErrors: [{ path: "name", message: "already exists in this project" }],
    });
  }
  return updateProject(tx, ctx, projectId, { environments: [...existing, name] });
}

async function setArchived(tx: Queryable, ctx: RequestContext, projectId: string, archive: boolean) {
  const before = await loadProject(tx, ctx.principal.organizationId, projectId);
  const conflict = () => new AppError("CONFLICT", archive ? "The project is already archived." : "The project is not archived.");
  if (Boolean(before.archivedAt) === archive) throw conflict();
  // Conditional, so of two concurrent requests exactly one changes the project.
  const [p] = await tx
    .update(projects)
    .set({ archivedAt: archive ? new Date() : null })
    .where(and(eq(projects.id, before.id), archive ? isNull(projects.archivedAt) : isNotNull(projects.archivedAt)))
    .returning();
  if (!p) throw conflict();
  await announceKeyChange(tx, ctx, { kind: "project", id: before.id }); // its keys stop or resume verifying
  const view = projectView(p!, (await environmentNames(tx, [p!.id])).get(p!.id)!);
  const type = archive ? "project.archived" : "project.restored";
  await recordChange(tx, ctx, {
    action: type,
    target: { type: "project", id: p!.id },
    changes: { archivedAt: { from: before.archivedAt, to: p!.archivedAt } },
    event: { type, data: { project: view } },
  });
  return view;
}

export const archiveProject = (tx: Queryable, ctx: RequestContext, id: string) => setArchived(tx, ctx, id, true);
export const restoreProject = (tx: Queryable, ctx: RequestContext, id: string) => setArchived(tx, ctx, id, false);

/** Projects the caller may read, ordered by id for cursor paging. */
export async function listProjects(
  db: Queryable,
  ctx: RequestContext,
  opts: { limit: number; cursor?: string; includeArchived?: boolean },
) {
  const scope = projectScope(ctx.principal, "project.read");
  if (scope && scope.length === 0) return { data: [] as ProjectView[], nextCursor: null };
  const where: (SQL | undefined)[] = [eq(projects.organizationId, ctx.principal.organizationId)];
  if (scope) where.push(inArray(projects.id, scope));
  if (opts.cursor) where.push(gt(projects.id, opts.cursor));
  if (!opts.includeArchived) where.push(isNull(projects.archivedAt));
  const rows = await db
    .select()
    .from(projects)
    .where(and(...where))
    .orderBy(asc(projects.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const envs = await environmentNames(db, page.map((p) => p.id));
  return {
    data: page.map((p) => projectView(p, envs.get(p.id)!)),
    nextCursor: rows.length > opts.limit ? page[page.length - 1]!.id : null,
  };
}
