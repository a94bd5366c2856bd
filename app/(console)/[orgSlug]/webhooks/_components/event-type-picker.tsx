"use client";

import { useId } from "react";
import { areaGroups, EVENT_AREAS, SUBSCRIBABLE_TYPES } from "@/lib/webhooks/catalog";

type Props = {
  value: readonly string[];
  onChange: (next: string[]) => void;
  error?: string;
};

const AREAS = EVENT_AREAS.map((area) => ({
  ...area,
  groups: areaGroups(area),
  types: SUBSCRIBABLE_TYPES.filter((t) => area.prefixes.some((p) => t.startsWith(p))),
})).filter((a) => a.types.length > 0);

/** Event types as checkboxes grouped by area; "All … events" subscribes to the area's groups (`key.*`). */
export function EventTypePicker({ value, onChange, error }: Props) {
  const id = useId();
  const selected = new Set(value);

  function toggleArea(groups: string[], types: readonly string[], on: boolean) {
    const rest = value.filter((v) => !groups.includes(v) && !types.includes(v));
    onChange(on ? [...rest, ...groups] : rest);
  }
  function toggleType(type: string, on: boolean) {
    onChange(on ? [...value, type] : value.filter((v) => v !== type));
  }

  return (
    <fieldset aria-describedby={error ? `${id}-error` : `${id}-hint`} aria-invalid={error ? true : undefined} className="space-y-2">
      <legend className="font-medium text-slate-800">Event types</legend>
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        Choose whole areas (new event types of the area are included) or single types.
      </p>
      {error && (
        <p id={`${id}-error`} className="text-red-700">
          Event types {error}
        </p>
      )}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {AREAS.map((area) => {
          const whole = area.groups.every((g) => selected.has(g));
          return (
            <div key={area.id} role="group" aria-labelledby={`${id}-${area.id}`} className="rounded-md border border-slate-200 p-2">
              <p id={`${id}-${area.id}`} className="mb-1 text-xs font-semibold text-slate-700 uppercase">
                {area.label}
              </p>
              <label className="flex items-center gap-2 font-medium text-slate-800">
                <input
                  type="checkbox"
                  className="size-4 accent-indigo-600"
                  checked={whole}
                  onChange={(e) => toggleArea(area.groups, area.types, e.target.checked)}
                />
                All {area.noun} events <code className="text-xs text-slate-600">{area.groups.join(" ")}</code>
              </label>
              <ul className="mt-1 space-y-0.5 pl-6">
                {area.types.map((type) => (
                  <li key={type}>
                    <label className="flex items-center gap-2 text-slate-700">
                      <input
                        type="checkbox"
                        className="size-4 accent-indigo-600 disabled:opacity-60"
                        checked={whole || selected.has(type)}
                        disabled={whole}
                        onChange={(e) => toggleType(type, e.target.checked)}
                      />
                      <code className="text-xs">{type}</code>
                    </label>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
