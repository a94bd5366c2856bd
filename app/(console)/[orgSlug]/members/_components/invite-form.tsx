"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { takesProjectRoles, type OrgRoleRef, type ProjectRoleRef } from "@/lib/rbac";
import type { RoleChoice } from "../../_lib/role-choices";
import { inviteAction } from "../actions";

type Props = {
  orgSlug: string;
  /** organization roles the inviter may give, built-in and custom */
  roles: RoleChoice[];
  /** project roles, built-in and project-scoped custom */
  projectRoles: RoleChoice[];
  projects: { id: string; name: string }[];
};

/** Email, organization role and, for the member role (and custom roles, held on it), a role per project. */
export function InviteForm({ orgSlug, roles, projectRoles, projects }: Props) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["email", "role", "projects"]);
  const [role, setRole] = useState(roles.some((r) => r.value === "member") ? "member" : (roles[0]?.value ?? ""));
  const memberBased = takesProjectRoles(role as OrgRoleRef);
  const projectOptions = [{ value: "", label: "No access" }, ...projectRoles];

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const chosen = memberBased
      ? projects.flatMap((p) => {
          const r = String(values.get(`project-${p.id}`) ?? "");
          return r ? [{ projectId: p.id, role: r as ProjectRoleRef }] : [];
        })
      : [];
    const email = String(values.get("email") ?? "");
    run(
      () => inviteAction(orgSlug, { email, role, ...(chosen.length > 0 ? { projects: chosen } : {}) }),
      (data) => {
        form.reset();
        return `Invitation sent to ${data.email}.`;
      },
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Email address" name="email" type="email" autoComplete="off" required error={errors.email} />
        <Select
          label="Role"
          name="role"
          value={role}
          onChange={(e) => setRole(e.target.value)}
          options={roles}
          error={errors.role}
          hint="You can give only roles whose permissions you have."
        />
      </div>
      {memberBased && projects.length > 0 && (
        <fieldset className="space-y-2">
          <legend className="font-medium text-slate-800">Project roles</legend>
          <p className="text-xs text-slate-600">Optional. A member reaches only the projects they have a role in.</p>
          {errors.projects && <p className="text-red-700">Project roles {errors.projects}</p>}
          <div className="grid max-h-64 gap-3 overflow-y-auto sm:grid-cols-3">
            {projects.map((p) => (
              <Select key={p.id} label={`Role in ${p.name}`} name={`project-${p.id}`} options={projectOptions} />
            ))}
          </div>
        </fieldset>
      )}
      <StatusMessage error={formError}>{message}</StatusMessage>
      <Button type="submit" disabled={pending}>
        Send invitation
      </Button>
    </form>
  );
}
