import { eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { organizations, users } from "@/db/schema";
import { newRequestId } from "@/lib/core/request";
import type { RequestContext } from "@/lib/core/context";

/** Invoices and renewal reminders go to the billing owner and the renewal contacts (docs/architecture.md (Webhooks and notifications)), each address once. */
export async function billingRecipients(db: Queryable, organizationId: string, contacts: readonly string[]) {
  const [owner] = await db
    .select({ email: users.email })
    .from(organizations)
    .innerJoin(users, eq(users.id, organizations.billingOwnerId))
    .where(eq(organizations.id, organizationId));
  return [...new Set([...(owner ? [owner.email.toLowerCase()] : []), ...contacts.map((c) => c.toLowerCase())])];
}

/** The context of work done by the console itself (month close, reminders) or the platform. */
export function systemContext(organizationId: string): RequestContext {
  return { principal: { actor: { type: "system" }, organizationId, role: "owner", projectRoles: new Map() }, requestId: newRequestId(), ip: null, userAgent: null };
}
