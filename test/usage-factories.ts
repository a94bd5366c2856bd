import { randomBytes } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import * as budgetRoute from "@/app/api/v1/projects/[projectId]/budget/route";
import * as usageRoute from "@/app/api/v1/usage/route";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { emailOutbox, limitNotices, outboxEvents } from "@/db/schema";
import { apiRequest, call, type HeaderMap } from "./factories";
import { PLATFORM } from "./key-factories";

// Helpers for usage, spend and budgets.

/** A usage event of `keyId`, now unless timed, with a random id unless given. */
export function usageEvent(keyId: string, over: Partial<{ id: string; model: string; inputTokens: number; outputTokens: number; timestamp: string; requestId: string }> = {}) {
  return {
    id: `evt-${randomBytes(8).toString("hex")}`,
    keyId,
    model: "openai/gpt-4o",
    inputTokens: 1000,
    outputTokens: 500,
    timestamp: new Date().toISOString(),
    ...over,
  };
}

/** POST /usage through the route handler, as the platform sends it. */
export function postUsage(events: unknown[], headers: HeaderMap = PLATFORM) {
  return call(usageRoute.POST, apiRequest("POST", "/usage", { headers, body: { events } }));
}

/** GET /usage?… through the route handler. */
export function getUsage(query: Record<string, string>, headers: HeaderMap) {
  return call(usageRoute.GET, apiRequest("GET", `/usage?${new URLSearchParams(query)}`, { headers }));
}

/** PUT /projects/{projectId}/budget through the route handler. */
export function putBudget(projectId: string, body: unknown, headers: HeaderMap) {
  return call(budgetRoute.PUT, apiRequest("PUT", `/projects/${projectId}/budget`, { headers, body }), { projectId });
}

/** An organization's stored events and each rollup's totals: they must always agree. */
export async function usageTotals(organizationId: string) {
  const db = await getDb();
  const read = async (table: string, count = "sum(requests)") => {
    const [r] = rowsOf<Record<string, string | number | null>>(
      await db.execute(sql`select ${sql.raw(count)} as requests, sum(input_tokens) as i, sum(output_tokens) as o, sum(cost_micros) as c
                           from ${sql.raw(table)} where organization_id = ${organizationId}`),
    );
    return { requests: Number(r?.requests ?? 0), inputTokens: Number(r?.i ?? 0), outputTokens: Number(r?.o ?? 0), costMicros: Number(r?.c ?? 0) };
  };
  const [ids] = rowsOf<{ n: string | number }>(await db.execute(sql`select count(*) as n from usage_event_ids where organization_id = ${organizationId}`));
  const raw = await read("usage_events", "count(*)");
  return {
    events: Number(ids!.n),
    raw,
    hourly: await read("usage_hourly"),
    dailyKeys: await read("usage_daily_keys"),
    dailyProjects: await read("usage_daily_projects"),
  };
}

/** An organization's events of one type, oldest first (a table without ORDER BY has no order). */
export async function eventsOfType(organizationId: string, type: string) {
  const db = await getDb();
  return db
    .select()
    .from(outboxEvents)
    .where(and(eq(outboxEvents.organizationId, organizationId), eq(outboxEvents.type, type)))
    .orderBy(asc(outboxEvents.createdAt), asc(outboxEvents.id));
}

/** The threshold notices of a target's budgets (the project's, by default), as `{ threshold }`. */
export async function noticesOf(targetId: string, level: "organization" | "project" | "key" = "project") {
  const db = await getDb();
  const rows = await db.select().from(limitNotices).where(and(eq(limitNotices.level, level), eq(limitNotices.targetId, targetId)));
  return rows.filter((n) => n.notice.startsWith("threshold:")).map((n) => ({ ...n, threshold: Number(n.notice.slice(10)) }));
}

/** Queued budget emails of the organization, by recipient. */
export async function budgetEmails(organizationId: string) {
  const db = await getDb();
  return db.select().from(emailOutbox).where(and(eq(emailOutbox.organizationId, organizationId), eq(emailOutbox.category, "budget")));
}
