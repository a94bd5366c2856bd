import type { Queryable } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { env } from "@/lib/env";
import type { Email } from "./send";
import type { TemplateName, TemplateProps } from "./templates";

/** Default retry schedule in seconds (docs/architecture.md (Webhooks and notifications)); WEBHOOK_RETRY_SCHEDULE overrides both. */
export const DEFAULT_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 36000];

export function retrySchedule(): number[] {
  const custom = env().WEBHOOK_RETRY_SCHEDULE;
  return custom ? custom.split(",").map(Number) : DEFAULT_RETRY_SCHEDULE;
}

/** An email from a React template of lib/email/templates, rendered when the loop sends it. */
export type TemplatedEmail = { [N in TemplateName]: { to: string; template: N; props: TemplateProps<N> } }[TemplateName];

type Routing = { organizationId?: string; category?: string };

/** Queues an email in the caller's transaction: it is sent only if the change commits. */
export async function queueEmail(tx: Queryable, email: (Email | TemplatedEmail) & Routing) {
  await tx.insert(emailOutbox).values(email);
}
