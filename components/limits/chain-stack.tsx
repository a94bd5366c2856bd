"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { formatDate } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import type { EffectiveLimit } from "@/lib/limits/effective";
import { queryKeys } from "@/lib/query-keys";
import { BudgetBar } from "./budget-bar";

/** The answer of GET /api/v1/keys/{keyId}/effective-limits?model= */
export type EffectiveLimits = { keyId: string; model: string | null; limits: EffectiveLimit[] };
type Level = EffectiveLimit["level"];

const REFRESH_MS = 5_000;
const BANDS: { level: Level; title: string }[] = [
  { level: "key", title: "Key" },
  { level: "project", title: "Project" },
  { level: "organization", title: "Organization" },
];
const PERIODS = { day: "Daily", week: "Weekly", month: "Monthly" } as const;

async function fetchEffectiveLimits(organizationId: string, keyId: string, model: string | null): Promise<EffectiveLimits> {
  const query = model ? `?${new URLSearchParams({ model })}` : "";
  const res = await fetch(`/api/v1/keys/${encodeURIComponent(keyId)}/effective-limits${query}`, {
    headers: { "AnyInt-Organization": organizationId },
    credentials: "same-origin",
  });
  const body = (await res.json().catch(() => null)) as (EffectiveLimits & { error?: { message: string } }) | null;
  if (!res.ok || !body?.limits) throw new Error(body?.error?.message ?? `The limits could not be loaded (HTTP ${res.status}).`);
  return body;
}

/** "Monthly budget", "Requests per minute", "Tokens per day · openai/*" */
export function limitLabel(l: EffectiveLimit): string {
  const what = l.kind === "budget" ? `${PERIODS[l.period ?? "month"]} budget` : `${l.kind === "requests" ? "Requests" : "Tokens"} per ${l.window}`;
  return l.model ? `${what} · ${l.model}` : what;
}

const unitOf = (l: EffectiveLimit) => (l.kind === "budget" ? "micros" : l.kind);

/** What the chain does with the next call, in words: which level refuses it, or that all have room. */
function Verdict({ limits }: { limits: EffectiveLimit[] }) {
  const refusing = limits.find((l) => l.deciding && l.exhausted) ?? limits.find((l) => l.exhausted && l.mode === "enforce");
  if (refusing) {
    return (
      <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-900">
        <strong className="font-semibold">Verification refuses this key now</strong>: the {refusing.level}&apos;s {limitLabel(refusing).toLowerCase()} has no
        room left ({refusing.kind === "budget" ? "BUDGET_EXCEEDED" : "RATE_LIMITED"}), until {formatDate(refusing.resetAt, true)} or until it is raised.
      </p>
    );
  }
  const monitor = limits.filter((l) => l.mode === "monitor" && l.exhausted);
  return (
    <p className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-green-900">
      Every enforced limit has room: the next call is not refused by a limit.
      {monitor.length > 0 && ` ${monitor.length === 1 ? "One monitor limit" : `${monitor.length} monitor limits`} would refuse it (counted, not refused).`}
    </p>
  );
}

function LimitBadges({ l }: { l: EffectiveLimit }) {
  return (
    <>
      <Badge tone={l.mode === "enforce" ? "neutral" : "info"}>{l.mode === "enforce" ? "Enforce" : l.mode === "monitor" ? "Monitor" : "Alert only"}</Badge>
      {l.deciding && <Badge tone="warning">Decides</Badge>}
      {l.exhausted &&
        (l.mode === "enforce" ? (
          <Badge tone="danger">
            <span aria-hidden="true">✗&nbsp;</span>Exhausted: refuses
          </Badge>
        ) : l.mode === "monitor" ? (
          <Badge tone="warning">Would refuse</Badge>
        ) : (
          <Badge tone="warning">Reached (alerts only)</Badge>
        ))}
    </>
  );
}

function Band({ title, names, limits }: { title: string; names?: string; limits: EffectiveLimit[] }) {
  const refusing = limits.some((l) => l.exhausted && l.mode === "enforce");
  return (
    <li className={`rounded-lg border bg-white ${refusing ? "border-red-300" : "border-slate-200"}`}>
      <div className={`flex flex-wrap items-baseline gap-x-2 rounded-t-lg border-b px-4 py-2 ${refusing ? "border-red-200 bg-red-50" : "border-slate-200 bg-slate-50"}`}>
        <h3 className="font-semibold text-slate-900">
          {title}
        </h3>
        {names && <span className="text-slate-600">{names}</span>}
        <span className="ml-auto text-xs text-slate-600">{limits.length === 0 ? "no limit here" : `${limits.length} ${limits.length === 1 ? "limit" : "limits"}`}</span>
      </div>
      {limits.length === 0 ? (
        <p className="px-4 py-3 text-slate-600">No budget or rate limit at this level.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {limits.map((l, i) => (
            // the key's own rateLimitPerMinute and a key rate limit may both be requests per minute
            <li key={`${i}-${l.kind}-${l.period ?? l.window}-${l.model ?? ""}`} className="flex flex-wrap items-start gap-x-6 gap-y-2 px-4 py-3">
              <div className="min-w-0 flex-1 basis-96">
                <BudgetBar used={l.used} held={l.held} limit={l.limit} unit={unitOf(l)} resetAt={l.resetAt} label={limitLabel(l)} />
              </div>
              <div className="flex shrink-0 flex-wrap gap-1.5 sm:w-52 sm:justify-end">
                <LimitBadges l={l} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function Skeleton() {
  return (
    <div role="status" aria-live="polite" className="space-y-3">
      <span className="sr-only">Loading the limits of this key…</span>
      {BANDS.map((b) => (
        <div key={b.level} aria-hidden="true" className="h-24 animate-pulse rounded-lg bg-slate-200" />
      ))}
    </div>
  );
}

type Props = {
  organizationId: string;
  keyId: string;
  /** catalog models the key may use */
  models: { value: string; label: string }[];
  /** the names shown beside each band's title */
  names?: Partial<Record<Level, string>>;
  /** what the server read for the first render ("all models"), and when */
  initial?: { data: EffectiveLimits; at: number };
};

/**
 * The chain of a key as a stack, Key → Project → Organization: every limit with used, held and
 * remaining, its mode, when it resets, the one that decides and those with no room left. Live:
 * re-read every 5 seconds while the page is visible.
 */
export function ChainStack({ organizationId, keyId, models, names, initial }: Props) {
  const [model, setModel] = useState("");
  const chosen = model || null;
  const query = useQuery({
    queryKey: queryKeys.limits.effective(organizationId, keyId, chosen),
    queryFn: () => fetchEffectiveLimits(organizationId, keyId, chosen),
    initialData: chosen === null ? initial?.data : undefined,
    initialDataUpdatedAt: initial?.at,
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
  });
  const limits = query.data?.limits ?? [];
  const updated = query.dataUpdatedAt ? new Date(query.dataUpdatedAt).toISOString().slice(11, 19) : null;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-x-4 gap-y-2">
        <Select
          label="Model"
          value={model}
          onChange={(e) => setModel(e.target.value)}
          options={[{ value: "", label: "All models (per-model rate limits left out)" }, ...models]}
          hint="Per-model rate limits apply only to calls that name a matching model."
          className="w-96 max-w-full"
        />
        <p className="pb-5 text-xs text-slate-600" aria-live="off">
          Live: refreshed every 5 seconds while this page is visible{updated && ` · last update ${updated} UTC`}
          {query.isFetching && " · updating…"}
        </p>
      </div>
      <StatusMessage error={query.error?.message ?? null} />
      {query.isPending ? (
        <Skeleton />
      ) : query.data && limits.length === 0 ? (
        <EmptyState title="No budget or rate limit applies to this key">
          Budgets and rate limits set on this key, its project or the organization would show here, tightest first to refuse.
        </EmptyState>
      ) : query.data ? (
        <>
          <Verdict limits={limits} />
          <ol aria-label="Limits of this key's chain, key first" className="space-y-3">
            {BANDS.map((b) => (
              <Band key={b.level} title={b.title} names={names?.[b.level]} limits={limits.filter((l) => l.level === b.level)} />
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
}
