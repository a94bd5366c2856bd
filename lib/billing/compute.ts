import { count, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/sql";
import { memberships, type InvoiceLineKind } from "@/db/schema";
import { planOf } from "@/lib/orgs/plans";
import { formatUsd, taxMicros } from "./money";
import { monthRange } from "./months";
import type { Terms } from "./terms";

export type ComputedLine = {
  kind: InvoiceLineKind;
  description: string;
  projectId: string | null;
  model: string | null;
  requests: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  quantity: number;
  unitPriceMicros: number;
  amountMicros: number;
};

export type UsageRow = { projectId: string; projectName: string | null; model: string; requests: number; inputTokens: number; outputTokens: number; costMicros: number };

export { monthName, monthRange } from "./months";

/**
 * The month's usage by project and model, from the daily per-project rollup: exactly what
 * `GET /usage?start=<month>&end=<next month>&bucket=month&groupBy=project,model` answers.
 */
export async function monthUsage(db: Queryable, organizationId: string, month: string): Promise<UsageRow[]> {
  const { start, end } = monthRange(month);
  const rows = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      select u.project_id, p.name as project_name, u.model, sum(u.requests) as requests, sum(u.input_tokens) as input_tokens,
             sum(u.output_tokens) as output_tokens, sum(u.cost_micros) as cost_micros
      from usage_daily_projects u left join projects p on p.id = u.project_id
      where u.organization_id = ${organizationId} and u.day >= ${start.toISOString().slice(0, 10)}::date and u.day < ${end.toISOString().slice(0, 10)}::date
      group by u.project_id, p.name, u.model
      order by coalesce(p.name, u.project_id), u.model`),
  );
  return rows.map((r) => ({
    projectId: String(r.project_id),
    projectName: r.project_name === null ? null : String(r.project_name),
    model: String(r.model),
    requests: Number(r.requests),
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    costMicros: Number(r.cost_micros),
  }));
}

export async function memberCount(db: Queryable, organizationId: string): Promise<number> {
  const [r] = await db.select({ n: count() }).from(memberships).where(eq(memberships.organizationId, organizationId));
  return Number(r?.n ?? 0);
}

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

/**
 * The lines and totals of a month's invoice (integer micro-dollars throughout):
 * plan fee; seats over the included number × seat price; usage by project and model; a
 * commitment shortfall when usage stayed under the committed monthly spend; then tax on the
 * subtotal, rounded half up to the micro-dollar.
 */
export function invoiceLines(plan: string, terms: Terms, seats: number, usage: UsageRow[]) {
  const lines: ComputedLine[] = [];
  const none = { projectId: null, model: null, requests: null, inputTokens: null, outputTokens: null };
  lines.push({ kind: "plan", description: `${planOf(plan).name} plan, monthly base fee`, ...none, quantity: 1, unitPriceMicros: terms.baseFeeMicros, amountMicros: terms.baseFeeMicros });
  const extra = Math.max(0, seats - terms.includedSeats);
  lines.push({
    kind: "seats",
    description: `Seats: ${plural(seats, "member")}, ${terms.includedSeats.toLocaleString("en-US")} included, ${plural(extra, "extra seat")}`,
    ...none,
    quantity: extra,
    unitPriceMicros: terms.seatPriceMicros,
    amountMicros: extra * terms.seatPriceMicros,
  });
  let usageMicros = 0;
  for (const u of usage) {
    usageMicros += u.costMicros;
    lines.push({
      kind: "usage",
      description: `Usage: ${u.projectName ?? u.projectId} · ${u.model}`,
      projectId: u.projectId,
      model: u.model,
      requests: u.requests,
      inputTokens: u.inputTokens,
      outputTokens: u.outputTokens,
      quantity: 1,
      unitPriceMicros: u.costMicros,
      amountMicros: u.costMicros,
    });
  }
  const shortfall = terms.committedMonthlyMicros - usageMicros;
  if (terms.committedMonthlyMicros > 0 && shortfall > 0) {
    lines.push({
      kind: "commitment",
      description: `Commitment shortfall: committed ${formatUsd(terms.committedMonthlyMicros)} of usage, used ${formatUsd(usageMicros)}`,
      ...none,
      quantity: 1,
      unitPriceMicros: shortfall,
      amountMicros: shortfall,
    });
  }
  const subtotalMicros = lines.reduce((s, l) => s + l.amountMicros, 0);
  const tax = taxMicros(subtotalMicros, terms.taxRatePercent);
  return { lines, usageMicros, subtotalMicros, taxMicros: tax, totalMicros: subtotalMicros + tax };
}
