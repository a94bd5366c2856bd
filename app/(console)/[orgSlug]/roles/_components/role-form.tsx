"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import type { Permission } from "@/lib/rbac";
import { createRoleAction, updateRoleAction } from "../actions";
import { PermissionPicker } from "./permission-picker";

type Scope = "organization" | "project";

type Props = {
  orgSlug: string;
  /** permissions each scope offers */
  offered: Record<Scope, Permission[]>;
  /** what the viewer holds organization-wide */
  held: Permission[];
  /** the role being edited; none to create one */
  role?: { id: string; name: string; description: string; scope: Scope; permissions: Permission[] };
};

/** Creates a custom role (name, description, scope, permissions) or edits one; the scope stays once made. */
export function RoleForm({ orgSlug, offered, held, role }: Props) {
  const router = useRouter();
  const { formRef, pending, errors, formError, message, run } = useActionForm(["name", "description", "scope", "permissions"]);
  const [scope, setScope] = useState<Scope>(role?.scope ?? "organization");
  const [permissions, setPermissions] = useState<Permission[]>(role?.permissions ?? []);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    const fields = { name: String(values.get("name") ?? ""), description: String(values.get("description") ?? ""), permissions };
    if (role) {
      run(() => updateRoleAction(orgSlug, { roleId: role.id, ...fields }), () => "Role saved. Its holders have the new permissions from their next request.");
      return;
    }
    run(
      () => createRoleAction(orgSlug, { ...fields, scope }),
      (data) => router.push(`/${orgSlug}/roles/${data.id}`),
    );
  }

  const pickScope = (next: Scope) => {
    setScope(next);
    setPermissions((current) => current.filter((p) => offered[next].includes(p)));
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Name" name="name" required maxLength={60} defaultValue={role?.name} error={errors.name} hint="Unique in the organization, e.g. Key auditor." />
        <Field label="Description" name="description" maxLength={500} defaultValue={role?.description} error={errors.description} hint="Optional: who it is for." />
      </div>
      {role ? (
        <p className="text-slate-700">
          Scope: <strong>{role.scope === "project" ? "per project" : "organization-wide"}</strong> (fixed once the role exists).
        </p>
      ) : (
        <fieldset className="space-y-1">
          <legend className="font-medium text-slate-800">Scope</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="scope" value="organization" checked={scope === "organization"} onChange={() => pickScope("organization")} />
            Organization-wide: for members, invitations and admin keys
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="scope" value="project" checked={scope === "project"} onChange={() => pickScope("project")} />
            Per project: held only in the projects where a member is given it
          </label>
          {errors.scope && <p className="text-sm text-red-700">Scope {errors.scope}</p>}
        </fieldset>
      )}
      <PermissionPicker offered={offered[scope]} held={held} value={permissions} onChange={setPermissions} error={errors.permissions} />
      <StatusMessage error={formError}>{message}</StatusMessage>
      <Button type="submit" disabled={pending}>
        {role ? "Save role" : "Create role"}
      </Button>
    </form>
  );
}
