"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { controlClasses } from "@/components/ui/field";
import { SelectOptions } from "@/components/ui/select";
import { isCustomRoleId } from "@/lib/rbac";
import type { RoleChoice, RoleInfo } from "../../_lib/role-choices";
import { changeRoleAction } from "../actions";

type Props = {
  orgSlug: string;
  userId: string;
  email: string;
  /** the member's role: a built-in name or a custom role's id */
  role: string;
  roleName: string;
  options: RoleChoice[];
  roleInfo: Record<string, RoleInfo>;
};

/** A member's organization role: a select and a save button; a change that takes permissions away asks for confirmation. */
export function RoleControl({ orgSlug, userId, email, role, roleName, options, roleInfo }: Props) {
  const id = useId();
  const router = useRouter();
  const [selected, setSelected] = useState(role);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const current: RoleChoice = { value: role, label: roleName, group: isCustomRoleId(role) ? "Custom roles" : "Built-in roles" };
  const all = options.some((o) => o.value === role) ? options : [current, ...options];
  const chosen = all.find((o) => o.value === selected) ?? current;
  const kept = new Set(roleInfo[selected]?.permissions ?? []);
  // What the change takes away: anything the current role allows that the new one does not.
  const lost = (roleInfo[role]?.permissions ?? []).filter((p) => !kept.has(p));
  const save = () => changeRoleAction(orgSlug, { userId, role: selected });
  const label = (
    <>
      Save<span className="sr-only"> role of {email}</span>
    </>
  );

  function promote() {
    startTransition(async () => {
      const result = await save().catch(() => null);
      if (!result) return setError("The server could not be reached. Try again.");
      if (!result.ok) return setError(result.error.message);
      setError(null);
      router.refresh();
    });
  }

  return (
    <div>
      <div className="flex items-center gap-2">
        <label htmlFor={id} className="sr-only">
          Role of {email}
        </label>
        <select
          id={id}
          value={selected}
          onChange={(e) => {
            setSelected(e.target.value);
            setError(null);
          }}
          className={`${controlClasses} w-40 min-w-36 py-1`}
        >
          <SelectOptions options={all} />
        </select>
        {selected !== role &&
          (lost.length > 0 ? (
            <ConfirmDialog
              trigger={label}
              triggerVariant="secondary"
              triggerSize="sm"
              title={`Change ${email} to ${chosen.label}?`}
              confirmLabel={`Make ${chosen.label}`}
              onConfirm={save}
            >
              <p>They lose what the {roleName} role allows and {chosen.label} does not, at once:</p>
              <p className="flex flex-wrap gap-1">
                {lost.map((p) => (
                  <code key={p} className="rounded bg-slate-100 px-1 py-0.5 text-xs text-slate-800">
                    {p}
                  </code>
                ))}
              </p>
              {(selected === "member" || isCustomRoleId(selected)) && <p>They then reach only the projects they have a role in.</p>}
            </ConfirmDialog>
          ) : (
            <Button variant="secondary" size="sm" onClick={promote} disabled={pending}>
              {label}
            </Button>
          ))}
      </div>
      {error && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
