import { newRequestId } from "@/lib/core/request";
import type { Db } from "@/db/client";
import { createAdminKey } from "@/lib/admin-keys/service";
import { createOrganizationInput } from "./schemas";
import { createOrganization, findOrCreateUser } from "./service";
import { fromZodIssues } from "@/lib/core/errors";
import { z } from "zod";

const bootstrapInput = z.strictObject({
  orgName: createOrganizationInput.shape.name,
  ownerEmail: z.email("must be an email address"),
});

/** `cli bootstrap`: the owner (created if needed), the organization, an owner-role admin key. */
export async function bootstrapOrganization(db: Db, raw: { orgName?: string; ownerEmail?: string }) {
  const parsed = bootstrapInput.safeParse(raw);
  if (!parsed.success) throw fromZodIssues(parsed.error.issues);
  const { orgName, ownerEmail } = parsed.data;
  return db.transaction(async (tx) => {
    const user = await findOrCreateUser(tx, ownerEmail);
    const actor = { type: "user" as const, userId: user.id, email: user.email, name: user.name };
    const meta = { requestId: newRequestId(), ip: null, userAgent: "cli" };
    const org = await createOrganization(tx, actor, { name: orgName }, { ...meta, joinedVia: "bootstrap" });
    const { secret } = await createAdminKey(
      tx,
      { principal: { actor, organizationId: org.id, role: "owner", projectRoles: new Map() }, ...meta },
      { name: "Bootstrap owner key", role: "owner" },
    );
    return {
      organization: { id: org.id, slug: org.slug, name: org.name },
      owner: { id: user.id, email: user.email },
      adminKey: secret,
    };
  });
}
