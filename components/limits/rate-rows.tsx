"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { BUDGET_MODE_LABELS, RATE_FIELDS, RATE_LABELS, RATE_MODES, type Errors, type RateRow } from "./limits-form";

type Props = {
  row: RateRow;
  index: number;
  errors: Errors;
  /** the id of the <datalist> of catalog models and patterns */
  listId: string;
  onChange: (patch: Partial<RateRow>, field: keyof RateRow) => void;
  onRemove: () => void;
};

/** One rate limit as a row of labelled fields: model or pattern, the four numbers, mode. */
export function RateRowFields({ row, index, errors, listId, onChange, onRemove }: Props) {
  const at = `rateLimits.${index}`;
  return (
    <fieldset className="grid items-start gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-2 lg:grid-cols-4">
      <legend className="sr-only">Rate limit {index + 1}</legend>
      <Field
        label="Model or pattern"
        className="sm:col-span-2"
        list={listId}
        autoComplete="off"
        spellCheck={false}
        placeholder="every model"
        value={row.model}
        error={errors[`${at}.model`]}
        hint="A model id, or a prefix ending in * (openai/*); empty: every model"
        onChange={(e) => onChange({ model: e.target.value }, "model")}
      />
      <Select
        label="Mode"
        value={row.mode}
        error={errors[`${at}.mode`]}
        onChange={(e) => onChange({ mode: e.target.value as RateRow["mode"] }, "mode")}
        options={RATE_MODES.map((m) => ({ value: m, label: BUDGET_MODE_LABELS[m] }))}
      />
      <div className="lg:pt-6">
        <Button variant="secondary" onClick={onRemove}>
          Remove<span className="sr-only"> rate limit {index + 1}</span>
        </Button>
      </div>
      {RATE_FIELDS.map((f, i) => (
        <Field
          key={f}
          label={RATE_LABELS[f]}
          inputMode="numeric"
          autoComplete="off"
          placeholder="no limit"
          value={row[f]}
          // a row without any of the four numbers: the message sits on the first one
          error={errors[`${at}.${f}`] ?? (i === 0 ? errors[at] : undefined)}
          onChange={(e) => onChange({ [f]: e.target.value }, f)}
        />
      ))}
    </fieldset>
  );
}
