"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/field";

export type MappingRow = { group: string; role: string };

export const ROLE_OPTIONS = [
  { value: "member", label: "Member" },
  { value: "finance", label: "Finance owner" },
  { value: "security", label: "Security owner" },
  { value: "admin", label: "Admin" },
];

/** Rows of IdP group → organization role; owners are never assigned by a mapping. */
export function GroupMapping({
  rows,
  onChange,
  error,
  customRoles = [],
}: {
  rows: MappingRow[];
  onChange: (rows: MappingRow[]) => void;
  error?: string;
  /** the organization's organization-scoped custom roles */
  customRoles?: { value: string; label: string }[];
}) {
  const id = useId();
  const known = new Set([...ROLE_OPTIONS, ...customRoles].map((o) => o.value));
  const set = (i: number, patch: Partial<MappingRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="space-y-2" aria-describedby={`${id}-hint`}>
      <legend className="font-medium text-slate-800">Group → role mapping</legend>
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        Applied at every sign-in to members who are not owners. With several matching groups the strongest role wins; with none the
        member keeps their role (new members get the default role).
      </p>
      {rows.length === 0 && <p className="text-slate-600">No groups mapped.</p>}
      {rows.map((row, i) => (
        <div key={i} className="flex items-end gap-2">
          <div className="flex-1">
            <label htmlFor={`${id}-g${i}`} className="block text-xs font-medium text-slate-700">
              Group {i + 1}
            </label>
            <input id={`${id}-g${i}`} value={row.group} onChange={(e) => set(i, { group: e.target.value })} className={controlClasses} placeholder="e.g. eng-admins" />
          </div>
          <div className="w-44">
            <label htmlFor={`${id}-r${i}`} className="block text-xs font-medium text-slate-700">
              Role for group {i + 1}
            </label>
            <select id={`${id}-r${i}`} value={row.role} onChange={(e) => set(i, { role: e.target.value })} className={controlClasses}>
              <optgroup label="Built-in roles">
                {ROLE_OPTIONS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </optgroup>
              {customRoles.length > 0 && (
                <optgroup label="Custom roles">
                  {customRoles.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </optgroup>
              )}
              {!known.has(row.role) && <option value={row.role}>{row.role}</option>}
            </select>
          </div>
          <Button variant="secondary" size="sm" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove group ${i + 1}`}>
            Remove
          </Button>
        </div>
      ))}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <Button variant="secondary" size="sm" onClick={() => onChange([...rows, { group: "", role: "member" }])}>
        Add a group
      </Button>
    </fieldset>
  );
}
