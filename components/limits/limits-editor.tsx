"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { StatusMessage } from "@/components/ui/status-message";
import type { LimitsView } from "@/lib/limits/settings";
import { holdersText } from "@/lib/rbac/holders";
import { queryKeys } from "@/lib/query-keys";
import { BudgetRowFields } from "./budget-rows";
import { body, budgetRows, newBudgetRow, newRateRow, rateRows, serverErrors, validate, type BudgetRow, type Errors, type RateRow, type Section } from "./limits-form";
import { BudgetsReadOnly, RatesReadOnly } from "./limits-readonly";
import { RateRowFields } from "./rate-rows";
import { saveLimits } from "./save-limits";

export type LimitsEditorProps = {
  level: "organization" | "project" | "key";
  targetId: string;
  organizationId: string;
  initial: LimitsView;
  /** budget.manage on the target */
  canBudgets: boolean;
  /** org.update, project.update or key.update on the target */
  canRates: boolean;
  /** catalog model ids, for the pattern hint and datalist */
  models: string[];
  /** read-only whatever the permissions (an archived project) */
  disabled?: boolean;
};

type Status = { error: string | null; message: string | null };
const NONE: Status = { error: null, message: null };
const WHO = { organization: "the organization", project: "the project", key: "the key" } as const;

/** The suggestions of the model field: every provider's pattern, then every model. */
const suggestions = (models: readonly string[]) => [...new Set(models.map((m) => `${m.split("/")[0]}/*`)), ...models];

/**
 * A target's budgets and rate limits, each section saved on its own (PUT with only that
 * section), checked in place before it is sent and with the server's field errors on the same
 * fields. A section the person may not change is shown read-only.
 */
export function LimitsEditor({ level, targetId, organizationId, initial, canBudgets, canRates, models, disabled = false }: LimitsEditorProps) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const listId = useId();
  const [view, setView] = useState(initial);
  const [budgets, setBudgets] = useState<BudgetRow[]>(() => budgetRows(initial.budgets));
  const [rates, setRates] = useState<RateRow[]>(() => rateRows(initial.rateLimits));
  const [errors, setErrors] = useState<Record<Section, Errors>>({ budgets: {}, rateLimits: {} });
  const [status, setStatus] = useState<Record<Section, Status>>({ budgets: NONE, rateLimits: NONE });
  const [pending, setPending] = useState<Section | null>(null);
  const budgetForm = useRef<HTMLFormElement>(null);
  const rateForm = useRef<HTMLFormElement>(null);
  const [focusRequest, setFocusRequest] = useState<{ section: Section; n: number } | null>(null);
  const focusFirstInvalid = (section: Section) => setFocusRequest((r) => ({ section, n: (r?.n ?? 0) + 1 }));

  // after a failed check or save, take the person to the first field that needs a fix
  useEffect(() => {
    if (!focusRequest) return;
    (focusRequest.section === "budgets" ? budgetForm : rateForm).current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  const savedBody = (section: Section) => JSON.stringify(body(section, budgetRows(view.budgets), rateRows(view.rateLimits)));
  const dirty = (section: Section) => JSON.stringify(body(section, budgets, rates)) !== savedBody(section);

  function clear(section: Section, paths: string[], all = false) {
    setErrors((e) => ({ ...e, [section]: all ? {} : Object.fromEntries(Object.entries(e[section]).filter(([p]) => !paths.includes(p))) }));
    setStatus((s) => ({ ...s, [section]: NONE }));
  }

  async function save(section: Section) {
    const found = validate(section, budgets, rates, models);
    const count = Object.keys(found).length;
    if (count > 0) {
      setErrors((e) => ({ ...e, [section]: found }));
      setStatus((s) => ({ ...s, [section]: { error: `${count === 1 ? "One field needs" : `${count} fields need`} a fix: nothing was saved.`, message: null } }));
      focusFirstInvalid(section);
      return;
    }
    setPending(section);
    const outcome = await saveLimits(level, targetId, organizationId, body(section, budgets, rates));
    setPending(null);
    if (!outcome.ok) {
      const mapped = serverErrors(section, outcome.details);
      setErrors((e) => ({ ...e, [section]: mapped.errors }));
      const marked = Object.keys(mapped.errors).length;
      const error = marked > 0 && mapped.other.length === 0 ? `The server refused ${marked === 1 ? "one field" : `${marked} fields`}: fix ${marked === 1 ? "it" : "them"} below, nothing was saved.` : [outcome.message, ...mapped.other].join(" ");
      setStatus((s) => ({ ...s, [section]: { error, message: null } }));
      focusFirstInvalid(section);
      return;
    }
    setView(outcome.data);
    if (section === "budgets") setBudgets(budgetRows(outcome.data.budgets));
    else setRates(rateRows(outcome.data.rateLimits));
    setErrors((e) => ({ ...e, [section]: {} }));
    const exceeded = section === "budgets" && outcome.data.budgets.some((b) => b.exceeded);
    const message = section === "budgets" ? `Budgets saved.${exceeded ? " An enforced budget is used up: verification refuses the keys it covers." : ""}` : "Rate limits saved.";
    setStatus((s) => ({ ...s, [section]: { error: null, message } }));
    await queryClient.invalidateQueries({ queryKey: queryKeys.limits.all(organizationId) });
    router.refresh();
  }

  const submit = (section: Section) => (event: React.FormEvent) => {
    event.preventDefault();
    void save(section);
  };

  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <h3 className="font-semibold text-slate-900">Budgets</h3>
        {canBudgets && !disabled ? (
          <form ref={budgetForm} onSubmit={submit("budgets")} noValidate aria-label="Budgets" className="space-y-3">
            {budgets.length === 0 && <p className="text-slate-700">No budget: spend is not limited at this level.</p>}
            {budgets.map((row, i) => (
              <BudgetRowFields
                key={row.key}
                row={row}
                index={i}
                errors={errors.budgets}
                onChange={(patch, field) => {
                  setBudgets((rows) => rows.map((r) => (r.key === row.key ? { ...r, ...patch } : r)));
                  clear("budgets", [`budgets.${i}.${field === "amount" ? "limitMicros" : field === "thresholds" ? "alertThresholds" : field}`, `budgets.${i}`]);
                }}
                onRemove={() => {
                  setBudgets((rows) => rows.filter((r) => r.key !== row.key));
                  clear("budgets", [], true);
                  setTimeout(() => budgetForm.current?.querySelector<HTMLElement>("[data-add-budget]")?.focus(), 0);
                }}
              />
            ))}
            <StatusMessage error={status.budgets.error}>{status.budgets.message}</StatusMessage>
            <div className="flex flex-wrap items-center gap-3">
              <Button type="submit" disabled={pending !== null} aria-busy={pending === "budgets" || undefined}>
                {pending === "budgets" ? "Saving…" : "Save budgets"}
              </Button>
              <Button
                data-add-budget
                variant="secondary"
                disabled={budgets.length >= 3}
                onClick={() => {
                  setBudgets((rows) => [...rows, newBudgetRow(rows)]);
                  clear("budgets", [], true);
                }}
              >
                Add budget
              </Button>
              {dirty("budgets") && <span className="text-slate-600">Unsaved changes</span>}
            </div>
          </form>
        ) : (
          <>
            <BudgetsReadOnly budgets={view.budgets} />
            <p className="text-slate-600">{disabled ? "These limits are read-only." : `Changing the budgets of ${WHO[level]} needs ${holdersText("budget.manage", level === "organization" ? "organization" : "project")}.`}</p>
          </>
        )}
      </div>

      <div className="space-y-3">
        <h3 className="font-semibold text-slate-900">Rate limits</h3>
        {canRates && !disabled ? (
          <form ref={rateForm} onSubmit={submit("rateLimits")} noValidate aria-label="Rate limits" className="space-y-3">
            <datalist id={listId}>
              {suggestions(models).map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
            {rates.length === 0 && <p className="text-slate-700">No rate limit at this level.</p>}
            {rates.map((row, i) => (
              <RateRowFields
                key={row.key}
                row={row}
                index={i}
                errors={errors.rateLimits}
                listId={listId}
                onChange={(patch, field) => {
                  setRates((rows) => rows.map((r) => (r.key === row.key ? { ...r, ...patch } : r)));
                  clear("rateLimits", [`rateLimits.${i}.${field}`, `rateLimits.${i}`]);
                }}
                onRemove={() => {
                  setRates((rows) => rows.filter((r) => r.key !== row.key));
                  clear("rateLimits", [], true);
                }}
              />
            ))}
            <StatusMessage error={status.rateLimits.error}>{status.rateLimits.message}</StatusMessage>
            <div className="flex flex-wrap items-center gap-3">
              <Button type="submit" disabled={pending !== null} aria-busy={pending === "rateLimits" || undefined}>
                {pending === "rateLimits" ? "Saving…" : "Save rate limits"}
              </Button>
              <Button
                variant="secondary"
                disabled={rates.length >= 20}
                onClick={() => {
                  setRates((rows) => [...rows, newRateRow()]);
                  clear("rateLimits", [], true);
                }}
              >
                Add rate limit
              </Button>
              {dirty("rateLimits") && <span className="text-slate-600">Unsaved changes</span>}
            </div>
          </form>
        ) : (
          <>
            <RatesReadOnly rates={view.rateLimits} />
            <p className="text-slate-600">{disabled ? "These limits are read-only." : `Only people who may edit ${WHO[level]} change its rate limits.`}</p>
          </>
        )}
      </div>
    </div>
  );
}
