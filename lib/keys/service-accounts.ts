import { and, asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { serviceAccounts, type ServiceAccount } from "@/db/schema";
import { recordChange } from "@/lib/audit/record";
import { loadProject } from "@/lib/projects/service";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";

export function serviceAccountView(sa: ServiceAccount) {
  return { id: sa.id, projectId: sa.projectId, name: sa.name, createdAt: sa.createdAt.toISOString() };
}

export async function listServiceAccounts(db: Queryable, ctx: RequestContext, projectId: string) {
  const p = await loadProject(db, ctx.principal.organizationId, projectId);
  const rows = await db.select().from(serviceAccounts).where(eq(serviceAccounts.projectId, p.id)).orderBy(asc(serviceAccounts.name));
  return { data: rows.map(serviceAccountView), nextCursor: null };
}

export async function createServiceAccount(tx: Queryable, ctx: RequestContext, projectId: string, input: { name: string }) {
  const p = await loadProject(tx, ctx.principal.organizationId, projectId);
  if (p.archivedAt) throw new AppError("CONFLICT", "This project is archived and read-only. Restore it first.");
  const [existing] = await tx
    .select({ id: serviceAccounts.id })
    .from(serviceAccounts)
    .where(and(eq(serviceAccounts.projectId, p.id), eq(serviceAccounts.name, input.name)));
  if (existing) {
    throw new AppError("CONFLICT", `A service account named "${input.name}" already exists in this project.`, {
      fieldErrors: [{ path: "name", message: "is already used in this project" }],
    });
  }
  const [sa] = await tx
    .insert(serviceAccounts)
    .values({
      organizationId: p.organizationId,
      projectId: p.id,
      name: input.name,
      createdById: ctx.principal.actor.type === "user" ? ctx.principal.actor.userId : null,
    })
    .returning();
  const view = serviceAccountView(sa!);
  await recordChange(tx, ctx, {
    action: "service_account.created",
    target: { type: "service_account", id: sa!.id },
    changes: { name: view.name, projectId: p.id },
  });
  return view;
}

export async function loadServiceAccount(db: Queryable, projectId: string, id: string) {
  const [sa] = await db
    .select()
    .from(serviceAccounts)
    .where(and(eq(serviceAccounts.id, id), eq(serviceAccounts.projectId, projectId)));
  return sa ?? null;
}
