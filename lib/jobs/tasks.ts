import { getDb } from "@/db/client";
import { deliverDueEmails } from "@/lib/email/deliver";
import { sweepKeyExpiry } from "@/lib/keys/expiry";
import { lastUsed } from "@/lib/keys/last-used";
import type { Task } from "./loop";

/** Every periodic task of the console. */
export const TASKS: Task[] = [
  { name: "key-expiry-notices", everyMs: 60_000, run: async () => sweepKeyExpiry(await getDb()) },
  { name: "key-last-used", everyMs: 5_000, run: () => lastUsed().flush() },
  { name: "emails", everyMs: 2_000, run: async () => deliverDueEmails(await getDb()) },
];
