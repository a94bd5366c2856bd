"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Section } from "@/components/ui/section";
import { StatusMessage } from "@/components/ui/status-message";
import { queryKeys, type UsageParams } from "@/lib/query-keys";
import { defaultFilters, usageParams } from "@/lib/usage/params";
import type { UsageBucket } from "@/lib/usage/query";
import { rank, total, type GroupField } from "@/lib/usage/series";
import { fetchUsage } from "./fetch-usage";
import { MonthSummary } from "./month-summary";
import { RankingTable } from "./ranking-table";
import { SpendChart } from "./spend-chart";
import { UsageFilters, type UsageLabels } from "./usage-filters";

type Which = "chart" | "ranking" | "month";
/** What the server read for the first render (the default filters), and when. */
export type InitialUsage = { params: Record<Which, UsageParams>; data: Record<Which, UsageBucket[]>; at: number };

const REFRESH_MS = 15_000;
const GROUP_LABELS: Record<GroupField, string> = { projectId: "Project", model: "Model", environment: "Environment", keyId: "Key" };

function useUsage(organizationId: string, params: UsageParams, initial: InitialUsage, which: Which) {
  const seeded = JSON.stringify(initial.params[which]) === JSON.stringify(params);
  return useQuery({
    queryKey: queryKeys.usage.query(organizationId, params),
    queryFn: () => fetchUsage(organizationId, params),
    initialData: seeded ? initial.data[which] : undefined,
    initialDataUpdatedAt: initial.at,
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}

/** The spend screen of an organization or a project: live while open (TanStack Query, every 15 s). */
export function SpendDashboard({ organizationId, labels, today, initial, projectId, groupings, filePrefix }: {
  organizationId: string;
  labels: UsageLabels;
  today: string;
  initial: InitialUsage;
  /** a project's own page: its usage only */
  projectId?: string;
  groupings: GroupField[];
  filePrefix: string;
}) {
  const [filters, setFilters] = useState(() => defaultFilters(today, projectId));
  const [grouping, setGrouping] = useState(groupings[0]!);
  const params = usageParams(filters, grouping, today);
  const chart = useUsage(organizationId, params.chart, initial, "chart");
  const ranking = useUsage(organizationId, params.ranking, initial, "ranking");
  const month = useUsage(organizationId, params.month, initial, "month");

  const projectName = (id: string) => labels.projects.find((p) => p.id === id)?.name ?? id;
  const keys = new Map(labels.keys.map((k) => [k.id, k]));
  const label = (id: string) => (grouping === "projectId" ? projectName(id) : grouping === "keyId" ? (keys.get(id)?.name ?? id) : id);
  const keyRows = rank(ranking.data ?? [], ["keyId"]).map((g) => {
    const k = keys.get(g.keyId);
    return { ...g, id: g.keyId, name: k?.name ?? g.keyId, detail: k ? projectName(k.projectId) : "" };
  });
  const modelRows = rank(ranking.data ?? [], ["model"]).map((g) => ({ ...g, id: g.model, name: g.model }));
  const error = [chart, ranking, month].find((q) => q.error)?.error?.message ?? null;
  const updated = new Date(Math.max(chart.dataUpdatedAt, month.dataUpdatedAt) || initial.at).toISOString().slice(11, 19);
  const monthName = new Date(`${params.month.start}T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

  return (
    <div className="space-y-6">
      <MonthSummary month={monthName} sums={month.data ? total(month.data) : null} at={month.dataUpdatedAt || initial.at} />
      <UsageFilters value={filters} onChange={setFilters} labels={labels} showProject={!projectId} />
      <p className="text-xs text-slate-600" aria-live="off">
        Live: refreshed every 15 seconds while this page is open · last update {updated} UTC
        {(chart.isFetching || ranking.isFetching) && " · updating…"}
      </p>
      <StatusMessage error={error} />
      <Section
        title={`Spend per ${filters.bucket}`}
        description="Cost in US dollars from each event's catalog price, stacked by the grouping you choose."
        actions={
          <fieldset className="flex items-center gap-3">
            <legend className="sr-only">Stack by</legend>
            <span aria-hidden="true" className="text-slate-600">
              Stack by
            </span>
            {groupings.map((g) => (
              <label key={g} className="flex items-center gap-1.5 font-medium text-slate-800">
                <input type="radio" name="grouping" value={g} checked={grouping === g} onChange={() => setGrouping(g)} className="accent-indigo-600" />
                {GROUP_LABELS[g]}
              </label>
            ))}
          </fieldset>
        }
      >
        <SpendChart
          title={`Spend per ${filters.bucket} by ${GROUP_LABELS[grouping].toLowerCase()}, ${filters.from} to ${filters.to}`}
          buckets={chart.data ?? []}
          bucket={params.chart.bucket}
          field={grouping}
          label={label}
          filename={`${filePrefix}-spend-${filters.from}-${filters.to}.csv`}
        />
      </Section>
      <Section title="Top keys" description="Spend per key over the range.">
        <RankingTable caption="Spend per key" noun="key" nameHeader="Key" detailHeader="Project" rows={keyRows} filename={`${filePrefix}-keys-${filters.from}-${filters.to}.csv`} />
      </Section>
      <Section title="Top models" description="Spend per model over the range.">
        <RankingTable caption="Spend per model" noun="model" nameHeader="Model" rows={modelRows} filename={`${filePrefix}-models-${filters.from}-${filters.to}.csv`} />
      </Section>
    </div>
  );
}
