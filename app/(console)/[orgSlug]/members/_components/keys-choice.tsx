"use client";

import { useId } from "react";
import { Select } from "@/components/ui/select";
import type { KeyChoice } from "@/lib/members/member-keys";

export type KeysChoiceValue = { keysAction: "revoke" | "transfer"; serviceAccountIds: Record<string, string> };

export const initialKeysChoice: KeysChoiceValue = { keysAction: "revoke", serviceAccountIds: {} };

const plural = (n: number) => `${n} key${n === 1 ? "" : "s"}`;

/** What happens to a leaving member's keys: revoked, or handed to a service account per project. */
type Props = {
  choices: KeyChoice[];
  value: KeysChoiceValue;
  onChange: (v: KeysChoiceValue) => void;
  owner: "them" | "you";
  /** false when only revoking is allowed (handing on needs rights over others' keys there) */
  allowTransfer?: boolean;
};

export function KeysChoiceFields({ choices, value, onChange, owner, allowTransfer = true }: Props) {
  const id = useId();
  if (choices.length === 0) return <p>{owner === "you" ? "You own" : "They own"} no working keys in this organization.</p>;
  const total = choices.reduce((n, c) => n + c.keys, 0);
  const radio = (action: KeysChoiceValue["keysAction"], label: string, hint: string) => (
    <div className="flex items-start gap-2">
      <input
        type="radio"
        id={`${id}-${action}`}
        name={`${id}-keys`}
        checked={value.keysAction === action}
        onChange={() => onChange({ ...value, keysAction: action })}
        className="mt-0.5 size-4 accent-indigo-600"
      />
      <label htmlFor={`${id}-${action}`}>
        <span className="font-medium text-slate-900">{label}</span>
        <span className="block text-xs text-slate-600">{hint}</span>
      </label>
    </div>
  );
  return (
    <fieldset className="space-y-2 rounded-md border border-slate-200 p-3">
      <legend className="px-1 font-medium text-slate-900">
        {owner === "you" ? "Your" : "Their"} {plural(total)}
      </legend>
      <p className="text-slate-700">{choices.map((c) => `${c.projectName}: ${plural(c.keys)}`).join(" · ")}</p>
      {allowTransfer ? (
        <>
          {radio("revoke", "Revoke them", "Verification refuses them at once. Revoking is permanent.")}
          {radio("transfer", "Hand them to a service account", "They keep working, owned by a service account of the same project.")}
        </>
      ) : (
        <p>Leaving revokes them: verification refuses them at once. A project admin could hand them to a service account instead.</p>
      )}
      {value.keysAction === "transfer" &&
        choices.map((c) =>
          c.serviceAccounts.length === 0 ? (
            <p key={c.projectId} className="text-amber-900">
              {c.projectName} has no service account: create one on its Keys page, or revoke.
            </p>
          ) : (
            <Select
              key={c.projectId}
              label={`Service account in ${c.projectName}`}
              value={value.serviceAccountIds[c.projectId] ?? ""}
              onChange={(e) => onChange({ ...value, serviceAccountIds: { ...value.serviceAccountIds, [c.projectId]: e.target.value } })}
              options={[{ value: "", label: "Choose a service account" }, ...c.serviceAccounts.map((a) => ({ value: a.id, label: a.name }))]}
            />
          ),
        )}
    </fieldset>
  );
}

/** The choice as the server actions take it (service accounts only for a transfer). */
export function keysChoiceInput(choices: KeyChoice[], value: KeysChoiceValue) {
  if (choices.length === 0) return {};
  if (value.keysAction === "revoke") return { keysAction: "revoke" as const };
  const ids = Object.fromEntries(Object.entries(value.serviceAccountIds).filter(([, sa]) => sa));
  return { keysAction: "transfer" as const, serviceAccountIds: ids };
}
