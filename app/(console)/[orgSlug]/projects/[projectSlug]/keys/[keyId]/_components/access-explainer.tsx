"use client";

import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatDate } from "@/components/ui/date-time";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import { mapFieldErrors } from "@/components/ui/use-action-form";
import type { explainAccess } from "@/lib/keys/explain";
import { explainAccessAction } from "../actions";

type Explanation = Awaited<ReturnType<typeof explainAccess>>;
type Limit = Explanation["limits"][number];
type Props = { orgSlug: string; keyId: string; models: { value: string; label: string }[]; defaultModel?: string };

/** Runs every verification check for a model, route and IP, and shows which level decided. */
export function AccessExplainer({ orgSlug, keyId, models, defaultModel }: Props) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<Explanation | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    const text = (name: string) => String(values.get(name) ?? "").trim();
    startTransition(async () => {
      try {
        const answer = await explainAccessAction(orgSlug, {
          keyId,
          model: text("model"),
          ...(text("route") ? { route: text("route") } : {}),
          ...(text("ip") ? { ip: text("ip") } : {}),
        });
        const fields = answer.ok ? { byField: {}, other: [] } : mapFieldErrors(answer.error.fieldErrors, ["model", "route", "ip"]);
        setErrors(fields.byField);
        setFormError(answer.ok || Object.keys(fields.byField).length > 0 ? null : answer.error.message);
        setResult(answer.ok ? answer.data : null);
      } catch {
        setFormError("The server could not be reached. Check your connection and try again.");
      }
    });
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-3">
        <Select label="Model" name="model" options={models} defaultValue={defaultModel} error={errors.model} className="w-72" />
        <Field label="Route" name="route" defaultValue="/v1/chat/completions" error={errors.route} className="w-60" spellCheck={false} />
        <Field label="IP address" name="ip" error={errors.ip} hint="Optional: the caller's address." className="w-48" spellCheck={false} />
        <Button type="submit" disabled={pending} className="mt-6">
          Explain
        </Button>
      </form>
      <StatusMessage error={formError} />
      <div role="status" aria-live="polite">
        {result && <Outcome result={result} />}
      </div>
      {result && (
        // focusable, so keyboard users can scroll it on narrow screens
        <div role="region" aria-label="Verification checks" tabIndex={0} className="overflow-x-auto">
          <Steps steps={result.steps} limits={result.steps.map((s) => s.limit)} />
        </div>
      )}
    </div>
  );
}

const LEVELS: Record<string, string> = {
  key: "Key",
  project: "Project",
  organization: "Organization",
  catalog: "Catalog",
  budget: "Budget",
  policy: "Policy",
};

/** The final answer, as verification would give it, the level that decided it and the check that refused. */
function Outcome({ result }: { result: Explanation }) {
  const valid = result.outcome === "VALID";
  const refused = result.steps.find((s) => !s.passed);
  return (
    <p
      className={`rounded-md border px-3 py-2 font-medium ${valid ? "border-green-200 bg-green-50 text-green-900" : "border-red-200 bg-red-50 text-red-900"}`}
    >
      Outcome: <code className="font-mono font-semibold">{result.outcome}</code>
      {result.decidedBy ? ` — decided by: ${result.decidedBy}` : " — every check passed"}
      {refused && <span className="font-normal"> — at the check “{refused.name}”</span>}
    </p>
  );
}

/** What a limit step adds to passed/refused: the limit that decides, one that would refuse but only counts. */
function LimitMarks({ limit }: { limit: Limit }) {
  return (
    <span className="mt-0.5 flex gap-1">
      {limit.deciding && <Badge tone="warning">Decides</Badge>}
      {limit.mode === "monitor" && <Badge tone={limit.exhausted ? "warning" : "info"}>{limit.exhausted ? "Monitor: would refuse" : "Monitor"}</Badge>}
      {limit.mode === "alert" && <Badge tone="info">Alert only</Badge>}
    </span>
  );
}

/** Messages carry reset times as ISO-8601 instants: shown as the console shows dates ("Jan 1, 2027, 00:00 UTC"). */
const readable = (message: string) => message.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, (iso) => formatDate(iso, true));

function Steps({ steps, limits }: { steps: Explanation["steps"]; limits: (Limit | undefined)[] }) {
  return (
    <table className="w-full text-left">
      <caption className="sr-only">Verification checks, in order</caption>
      <thead className="border-b border-slate-200 text-xs font-semibold text-slate-700 uppercase">
        <tr>
          <th scope="col" className="py-1.5 pr-3">#</th>
          <th scope="col" className="py-1.5 pr-3">Check</th>
          <th scope="col" className="py-1.5 pr-3">Outcome</th>
          <th scope="col" className="py-1.5 pr-3">Level</th>
          <th scope="col" className="py-1.5">Message</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {steps.map((s, i) => (
          // one step per limit of the chain: several share a code
          <tr key={`${i}-${s.code}`} className={s.passed ? undefined : "bg-red-50"}>
            <td className="py-1.5 pr-3 text-slate-600">{i + 1}</td>
            <td className="py-1.5 pr-3 font-medium whitespace-nowrap">
              {s.name}
              {limits[i] && <LimitMarks limit={limits[i]} />}
            </td>
            <td className="py-1.5 pr-3 whitespace-nowrap">
              {s.passed ? (
                <Badge tone="success">
                  <span aria-hidden="true">✓&nbsp;</span>Passed
                </Badge>
              ) : (
                <Badge tone="danger">
                  <span aria-hidden="true">✗&nbsp;</span>Refused: {s.code}
                </Badge>
              )}
            </td>
            <td className={`py-1.5 pr-3 ${s.passed ? "" : "font-semibold text-red-900"}`}>{LEVELS[s.level] ?? s.level}</td>
            <td className="py-1.5 text-slate-700">{readable(s.message)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
