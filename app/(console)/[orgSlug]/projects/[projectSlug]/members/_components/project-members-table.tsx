"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { controlClasses } from "@/components/ui/field";
import { SelectOptions } from "@/components/ui/select";
import { isCustomRoleId, type ProjectRoleRef } from "@/lib/rbac";
import type { RoleChoice } from "../../../../_lib/role-choices";
import { removeProjectMemberAction, setProjectMemberAction } from "../actions";

/** `role`: a built-in project role or a project-scoped custom role's id; `roleName` its name. */
type Row = { userId: string; email: string; name: string | null; role: string; roleName: string; lastSignInAt: string | null };
type Props = { orgSlug: string; projectId: string; members: Row[]; canManage: boolean; /** the project roles the viewer may give here */ roles: RoleChoice[] };

function ProjectRoleControl({ orgSlug, projectId, member, roles }: { orgSlug: string; projectId: string; member: Row; roles: RoleChoice[] }) {
  const id = useId();
  const router = useRouter();
  const [role, setRole] = useState(member.role);
  // The role they hold stays listed even when the viewer could not give it.
  const options = roles.some((r) => r.value === member.role)
    ? roles
    : [{ value: member.role, label: member.roleName, group: isCustomRoleId(member.role) ? ("Custom roles" as const) : ("Built-in roles" as const) }, ...roles];
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  function save() {
    startTransition(async () => {
      const result = await setProjectMemberAction(orgSlug, { projectId, userId: member.userId, role: role as ProjectRoleRef }).catch(() => null);
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
          Project role of {member.email}
        </label>
        <select id={id} value={role} onChange={(e) => setRole(e.target.value)} className={`${controlClasses} w-40 min-w-32 py-1`}>
          <SelectOptions options={options} />
        </select>
        {role !== member.role && (
          <Button variant="secondary" size="sm" onClick={save} disabled={pending}>
            Save<span className="sr-only"> project role of {member.email}</span>
          </Button>
        )}
      </div>
      {error && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** Who holds a role in the project; role changes and removal for those who manage its members. */
export function ProjectMembersTable({ orgSlug, projectId, members, canManage, roles }: Props) {
  if (members.length === 0) return <EmptyState title="No project members yet">Members given a role here appear in this list.</EmptyState>;
  const columns: Column<Row>[] = [
    {
      key: "member",
      header: "Member",
      sortValue: (m) => m.email,
      cell: (m) => (
        <>
          <span className="font-medium text-slate-900">{m.name ?? m.email}</span>
          {m.name && <span className="block text-xs text-slate-600">{m.email}</span>}
        </>
      ),
    },
    {
      key: "role",
      header: "Project role",
      sortValue: (m) => m.roleName.toLowerCase(),
      cell: (m) => (canManage ? <ProjectRoleControl orgSlug={orgSlug} projectId={projectId} member={m} roles={roles} /> : m.roleName),
    },
    { key: "lastSignIn", header: "Last sign-in", sortValue: (m) => m.lastSignInAt ?? "", cell: (m) => <DateTime value={m.lastSignInAt} withTime fallback="Never" /> },
    ...(canManage
      ? [
          {
            key: "actions",
            header: "Actions",
            className: "text-right",
            cell: (m: Row) => (
              <ConfirmDialog
                trigger={
                  <>
                    Remove<span className="sr-only"> {m.email} from the project</span>
                  </>
                }
                triggerVariant="secondary"
                triggerSize="sm"
                title={`Remove ${m.email} from this project?`}
                confirmLabel="Remove from project"
                onConfirm={() => removeProjectMemberAction(orgSlug, { projectId, userId: m.userId })}
              >
                <p>They lose access to this project at once. Keys they own here keep working and are flagged “owner lost access”.</p>
              </ConfirmDialog>
            ),
          },
        ]
      : []),
  ];
  return <DataTable rows={members} columns={columns} rowKey={(m) => m.userId} caption="Project members" noun="member" filter={{ label: "Search project members", text: (m) => `${m.name ?? ""} ${m.email}` }} />;
}
