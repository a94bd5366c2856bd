"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import type { BudgetOverview } from "@/lib/limits/overview";
import { formatMicros } from "@/lib/models/price";
import { queryKeys } from "@/lib/query-keys";

const REFRESH_MS = 15_000;
const LEVELS = { organization: "Organization", project: "Project", key: "Key" } as const;
const PERIODS = { day: "Day", week: "Week", month: "Month" } as const;

export type ProjectLink = { id: string; slug: string; name: string };

/** GET /organization/budgets with the session cookie, for the organization of the page. */
async function fetchBudgets(organizationId: string): Promise<BudgetOverview[]> {
  const res = await fetch("/api/v1/organization/budgets", { headers: { "AnyInt-Organization": organizationId }, credentials: "same-origin" });
  const body = (await res.json().catch(() => null)) as { data?: BudgetOverview[]; error?: { message: string } } | null;
  if (!res.ok || !body?.data) throw new Error(body?.error?.message ?? `The budgets could not be loaded (HTTP ${res.status}).`);
  return body.data;
}

function PercentBar({ percent }: { percent: number }) {
  const tone = percent >= 100 ? "bg-red-600" : percent >= 80 ? "bg-amber-500" : "bg-indigo-600";
  return (
    <div className="flex min-w-28 items-center gap-2">
      <span className="w-16 text-right whitespace-nowrap tabular-nums">{percent.toLocaleString("en-US")} %</span>
      <span aria-hidden="true" className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200">
        <span className={`block h-full ${tone}`} style={{ width: `${Math.min(100, percent)}%` }} />
      </span>
    </div>
  );
}

/**
 * The finance view: every budget of the organization (its own, its projects', its keys') with
 * spend, percent used and the forecast to period end; live while the page is open.
 */
export function BudgetsOverview({ organizationId, orgSlug, initial, at, projects, canKeys }: {
  organizationId: string;
  orgSlug: string;
  initial: BudgetOverview[];
  at: number;
  projects: ProjectLink[];
  /** key pages may be opened (key.read) */
  canKeys: boolean;
}) {
  const [level, setLevel] = useState("");
  const [mode, setMode] = useState("");
  const query = useQuery({
    queryKey: queryKeys.limits.budgets(organizationId),
    queryFn: () => fetchBudgets(organizationId),
    initialData: initial,
    initialDataUpdatedAt: at,
    refetchInterval: REFRESH_MS,
  });
  const byId = new Map(projects.map((p) => [p.id, p]));
  const rows = query.data.filter((b) => (!level || b.level === level) && (!mode || b.mode === mode));

  function target(b: BudgetOverview) {
    const project = b.target.projectId ? byId.get(b.target.projectId) : undefined;
    if (b.level === "organization") return <span>{b.target.name}</span>;
    if (b.level === "project" && project)
      return (
        <Link href={`/${orgSlug}/projects/${project.slug}/limits`} className="font-medium text-indigo-700 hover:underline">
          {b.target.name}
        </Link>
      );
    return (
      <span>
        {canKeys && project ? (
          <Link href={`/${orgSlug}/projects/${project.slug}/keys/${b.target.id}`} className="font-medium text-indigo-700 hover:underline">
            {b.target.name}
          </Link>
        ) : (
          b.target.name
        )}
        {project && (
          <span className="block text-xs text-slate-600">
            in{" "}
            <Link href={`/${orgSlug}/projects/${project.slug}/limits`} className="text-indigo-700 hover:underline">
              {project.name}
            </Link>
          </span>
        )}
      </span>
    );
  }

  const columns: Column<BudgetOverview>[] = [
    { key: "level", header: "Level", cell: (b) => LEVELS[b.level], sortValue: (b) => b.level, className: "whitespace-nowrap" },
    { key: "target", header: "Target", cell: target, sortValue: (b) => b.target.name.toLowerCase() },
    { key: "period", header: "Period", cell: (b) => PERIODS[b.period], sortValue: (b) => ["day", "week", "month"].indexOf(b.period) },
    { key: "mode", header: "Mode", cell: (b) => <Badge tone={b.mode === "enforce" ? "warning" : b.mode === "monitor" ? "info" : "neutral"}>{b.mode}</Badge>, sortValue: (b) => b.mode },
    { key: "spent", header: "Spent", cell: (b) => formatMicros(b.spentMicros), sortValue: (b) => b.spentMicros, className: "text-right tabular-nums whitespace-nowrap" },
    { key: "limit", header: "Limit", cell: (b) => formatMicros(b.limitMicros), sortValue: (b) => b.limitMicros, className: "text-right tabular-nums whitespace-nowrap" },
    { key: "percent", header: "Used", cell: (b) => <PercentBar percent={b.percent} />, sortValue: (b) => b.percent },
    {
      key: "forecast",
      header: "Forecast",
      cell: (b) => (
        <span className="tabular-nums">
          {formatMicros(b.forecastMicros)}
          {b.forecastMicros > b.limitMicros && (
            <span className="block">
              <Badge tone="danger">passes limit</Badge>
            </span>
          )}
        </span>
      ),
      sortValue: (b) => b.forecastMicros / b.limitMicros,
    },
    { key: "resetAt", header: "Resets", cell: (b) => <DateTime value={b.resetAt} />, sortValue: (b) => b.resetAt, className: "whitespace-nowrap" },
  ];

  if (query.data.length === 0) {
    return (
      <EmptyState title="No budget in this organization yet">
        Budgets set on the organization, a project or a key appear here with their spend, how close each is to its limit and where its period is heading.
      </EmptyState>
    );
  }
  const updated = new Date(query.dataUpdatedAt || at).toISOString().slice(11, 19);
  return (
    <div className="space-y-3">
      <p className="text-xs text-slate-600">
        Live: refreshed every 15 seconds while this page is open · last update {updated} UTC{query.isFetching && " · updating…"}
      </p>
      <StatusMessage error={query.error?.message ?? null} />
      <DataTable
        rows={rows}
        columns={columns}
        rowKey={(b) => `${b.level}:${b.target.id}:${b.period}`}
        caption="Every budget of the organization"
        noun="budget"
        filter={{ label: "Filter by target", text: (b) => b.target.name }}
        initialSort={{ key: "percent", direction: "descending" }}
        pageSize={20}
        toolbar={
          <>
            <Select
              label="Level"
              className="w-40"
              value={level}
              onChange={(e) => setLevel(e.target.value)}
              options={[{ value: "", label: "Every level" }, ...Object.entries(LEVELS).map(([value, label]) => ({ value, label }))]}
            />
            <Select
              label="Mode"
              className="w-40"
              value={mode}
              onChange={(e) => setMode(e.target.value)}
              options={[{ value: "", label: "Every mode" }, { value: "enforce", label: "Enforce" }, { value: "monitor", label: "Monitor" }, { value: "alert", label: "Alert" }]}
            />
          </>
        }
      />
      <p className="text-xs text-slate-600">Forecast: the spend at period end if it goes on at the pace of the period so far. Periods are UTC: each resets at 00:00 UTC of the date shown.</p>
    </div>
  );
}
