import { newRequestId } from "@/lib/core/request";
import type { Db } from "./client";
import { createAdminKey } from "@/lib/admin-keys/service";
import { createOrganization, findOrCreateUser, findOrganizationBySlug } from "@/lib/orgs/service";
import { createProject } from "@/lib/projects/service";
import type { RequestContext } from "@/lib/core/context";
import { seedDemoBilling } from "./seed-billing";
import { seedDemoUsage } from "./seed-usage";

export const DEMO = { slug: "acme", name: "Acme Robotics", ownerEmail: "owner@acme.test" };

const meta = () => ({ requestId: newRequestId(), ip: null, userAgent: "seed" });

/** The demo organization (idempotent): an owner, three projects with keys, 30 days of usage, budgets, billing terms and invoices; nothing secret printed. */
export async function seedDemo(db: Db): Promise<{ created: boolean; slug: string; ownerEmail: string }> {
  if (await findOrganizationBySlug(db, DEMO.slug)) return { created: false, slug: DEMO.slug, ownerEmail: DEMO.ownerEmail };
  const { ctx, projectIds } = await db.transaction(async (tx) => {
    const owner = await findOrCreateUser(tx, DEMO.ownerEmail, "Avery Owner");
    const actor = { type: "user" as const, userId: owner.id, email: owner.email, name: owner.name };
    const org = await createOrganization(tx, actor, { name: DEMO.name, slug: DEMO.slug }, { ...meta(), plan: "enterprise", joinedVia: "seed" });
    const ctx: RequestContext = {
      principal: { actor, organizationId: org.id, role: "owner", projectRoles: new Map() },
      ...meta(),
    };
    const search = await createProject(tx, ctx, { name: "Search Assistant", slug: "search", description: "Retrieval-augmented answers for the help center." });
    const support = await createProject(tx, ctx, { name: "Support Bot", slug: "support-bot", description: "Customer support chat." });
    const pipeline = await createProject(tx, ctx, { name: "Data Pipeline", slug: "data-pipeline", environments: ["production", "staging", "development", "batch"] });
    await createAdminKey(tx, ctx, { name: "Terraform", role: "admin" });
    return { ctx, projectIds: { search: search.id, "support-bot": support.id, "data-pipeline": pipeline.id } };
  });
  await seedDemoUsage(db, { ...ctx, afterCommit: [] }, projectIds);
  await seedDemoBilling(db, ctx.principal.organizationId);
  return { created: true, slug: DEMO.slug, ownerEmail: DEMO.ownerEmail };
}
