"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { controlClasses } from "@/components/ui/field";
import { ORG_ROLE_RANK, ROLE_LABELS, type OrgRole } from "@/lib/rbac";
import { changeRoleAction } from "../actions";

type Props = { orgSlug: string; userId: string; email: string; role: OrgRole; options: { value: OrgRole; label: string }[] };

/** A member's organization role: a select and a save button; lowering a role asks for confirmation. */
export function RoleControl({ orgSlug, userId, email, role, options }: Props) {
  const id = useId();
  const router = useRouter();
  const [selected, setSelected] = useState<OrgRole>(role);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const all = options.some((o) => o.value === role) ? options : [{ value: role, label: ROLE_LABELS[role] }, ...options];
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
            setSelected(e.target.value as OrgRole);
            setError(null);
          }}
          className={`${controlClasses} w-40 min-w-36 py-1`}
        >
          {all.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {selected !== role &&
          (ORG_ROLE_RANK[selected] < ORG_ROLE_RANK[role] ? (
            <ConfirmDialog
              trigger={label}
              triggerVariant="secondary"
              triggerSize="sm"
              title={`Change ${email} to ${ROLE_LABELS[selected]}?`}
              confirmLabel={`Make ${ROLE_LABELS[selected]}`}
              onConfirm={save}
            >
              <p>
                They lose what the {ROLE_LABELS[role]} role allows at once.
                {selected === "member" && " As a member they reach only the projects they are added to."}
              </p>
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
