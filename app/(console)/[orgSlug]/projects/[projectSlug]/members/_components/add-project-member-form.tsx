"use client";

import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import type { ProjectRoleRef } from "@/lib/rbac";
import type { RoleChoice } from "../../../../_lib/role-choices";
import { setProjectMemberAction } from "../actions";

type Props = {
  orgSlug: string;
  projectId: string;
  candidates: { userId: string; email: string }[];
  /** the project roles the viewer may give here: built-in, then project-scoped custom roles */
  roles: RoleChoice[];
};

export function AddProjectMemberForm({ orgSlug, projectId, candidates, roles }: Props) {
  const { formRef, pending, errors, formError, message, run } = useActionForm(["userId", "role"]);
  if (candidates.length === 0) {
    return <p className="text-slate-600">Every member with the member role already has a role here. Invite people from the Members page.</p>;
  }

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    const userId = String(values.get("userId") ?? "");
    const role = String(values.get("role") ?? "") as ProjectRoleRef;
    const label = roles.find((r) => r.value === role)?.label ?? role;
    run(
      () => setProjectMemberAction(orgSlug, { projectId, userId, role }),
      (data) => `${data.email} was added as ${label}.`,
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <Select label="Member" name="userId" options={candidates.map((c) => ({ value: c.userId, label: c.email }))} error={errors.userId} />
        <Select label="Project role" name="role" defaultValue="developer" options={roles} error={errors.role} />
      </div>
      <StatusMessage error={formError}>{message}</StatusMessage>
      <Button type="submit" disabled={pending}>
        Add to project
      </Button>
    </form>
  );
}
