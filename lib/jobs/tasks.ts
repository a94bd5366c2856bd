import { getDb } from "@/db/client";
import { billingTick } from "@/lib/billing/tick";
import { deliverDueEmails } from "@/lib/email/deliver";
import { sweepKeyExpiry } from "@/lib/keys/expiry";
import { lastUsed } from "@/lib/keys/last-used";
import { queueEventEmails } from "@/lib/notifications/from-events";
import { ensureUsagePartitions } from "@/lib/usage/partitions";
import { fanOutEvents } from "@/lib/webhooks/fan-out";
import { DeliveryPump } from "@/lib/webhooks/pump";
import type { Task } from "./loop";

const webhooks = new DeliveryPump();

/** Every periodic task of the console. */
export const TASKS: Task[] = [
  { name: "key-expiry-notices", everyMs: 60_000, run: async () => sweepKeyExpiry(await getDb()) },
  { name: "key-last-used", everyMs: 5_000, run: () => lastUsed().flush() },
  { name: "billing", everyMs: 300_000, run: async () => billingTick(await getDb()) },
  { name: "usage-partitions", everyMs: 6 * 3_600_000, run: async () => ensureUsagePartitions(await getDb()) },
  { name: "emails", everyMs: 2_000, run: async () => deliverDueEmails(await getDb()) },
  { name: "event-emails", everyMs: 2_000, run: async () => queueEventEmails(await getDb()) },
  { name: "webhook-fan-out", everyMs: 250, run: async () => fanOutEvents(await getDb()) },
  { name: "webhook-deliveries", everyMs: 250, run: async () => webhooks.tick(await getDb()), stop: () => webhooks.drain() },
];
