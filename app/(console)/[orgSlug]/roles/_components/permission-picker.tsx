"use client";

import { useId } from "react";
import { PERMISSION_TEXT } from "@/lib/rbac/holders";
import type { Permission } from "@/lib/rbac";

/** The vocabulary's areas, in the order people think of them. */
const AREAS: { prefix: string; label: string }[] = [
  { prefix: "org", label: "Organization" },
  { prefix: "member", label: "Members" },
  { prefix: "project", label: "Projects" },
  { prefix: "key", label: "API keys" },
  { prefix: "usage", label: "Usage" },
  { prefix: "budget", label: "Budgets" },
  { prefix: "billing", label: "Billing" },
  { prefix: "security", label: "Security" },
  { prefix: "audit", label: "Audit log" },
  { prefix: "webhook", label: "Webhooks" },
];

type Props = {
  /** the permissions the scope offers */
  offered: Permission[];
  /** those the viewer holds (others are shown, disabled) */
  held: Permission[];
  value: Permission[];
  onChange: (value: Permission[]) => void;
  error?: string;
};

/** Checkboxes for a role's permissions, grouped by area; what the viewer lacks cannot be picked. */
export function PermissionPicker({ offered, held, value, onChange, error }: Props) {
  const id = useId();
  const toggle = (p: Permission, on: boolean) => onChange(on ? [...value, p] : value.filter((v) => v !== p));
  const lacking = offered.some((p) => !held.includes(p));
  return (
    <fieldset className="space-y-3" aria-describedby={`${id}-hint`}>
      <legend className="font-medium text-slate-800">Permissions</legend>
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        Every holder also sees the organization and its members (org.read, member.read).
        {lacking && " Permissions your own role lacks cannot be given and are greyed out."}
      </p>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {AREAS.map((area) => {
          const inArea = offered.filter((p) => p.split(".")[0] === area.prefix);
          if (inArea.length === 0) return null;
          return (
            <div key={area.prefix} className="rounded border border-slate-200 p-3">
              <p className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">{area.label}</p>
              <ul className="space-y-1">
                {inArea.map((p) => {
                  const disabled = !held.includes(p);
                  return (
                    <li key={p}>
                      <label className={`flex items-start gap-2 ${disabled ? "text-slate-500" : "text-slate-800"}`}>
                        <input
                          type="checkbox"
                          className="mt-0.5"
                          name="permissions"
                          value={p}
                          checked={value.includes(p)}
                          disabled={disabled && !value.includes(p)}
                          onChange={(e) => toggle(p, e.target.checked)}
                        />
                        <span>
                          <code className="text-xs">{p}</code>
                          <span className="block text-xs text-slate-600">{PERMISSION_TEXT[p]}</span>
                        </span>
                      </label>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          Permissions {error}
        </p>
      )}
    </fieldset>
  );
}
