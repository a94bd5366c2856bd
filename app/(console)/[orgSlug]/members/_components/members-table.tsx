"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { Select } from "@/components/ui/select";
import type { KeyChoice } from "@/lib/members/member-keys";
import type { MemberView } from "@/lib/members/queries";
import { isOwnerRole, ORG_ROLES, ROLE_LABELS, takesProjectRoles } from "@/lib/rbac";
import type { RoleChoice, RoleInfo } from "../../_lib/role-choices";
import { RemoveMember } from "./remove-member";
import { RoleControl } from "./role-control";

const JOINED: Record<string, string> = {
  created: "Created the organization",
  invitation: "Invitation",
  sso: "Single sign-on",
  bootstrap: "Command line",
  seed: "Demo data",
};

type Props = {
  orgSlug: string;
  members: MemberView[];
  me: string;
  /** user ids of the members the viewer may change or remove (nobody acts above themselves) */
  manageable: string[];
  /** the roles the viewer may give */
  grantable: RoleChoice[];
  /** every organization role a member may hold: name, rank, permissions */
  roleInfo: Record<string, RoleInfo>;
  /** the organization-scoped custom roles, for the role filter */
  customRoles: RoleChoice[];
  canUpdate: boolean;
  canRemove: boolean;
  keyChoices: Record<string, KeyChoice[]>;
};

function ProjectRoles({ m, info }: { m: MemberView; info?: RoleInfo }) {
  // A custom organization role is held on the member base: project roles apply to it.
  if (!takesProjectRoles(m.role)) {
    const manages = info?.permissions.includes("project.update");
    return <span className="text-slate-600">{manages ? "All projects" : "Reads all projects"}</span>;
  }
  if (m.projectRoles.length === 0) return <span className="text-slate-600">None</span>;
  return (
    <ul className="space-y-0.5">
      {m.projectRoles.map((p) => (
        <li key={p.projectId}>
          {p.projectName} <span className="text-xs text-slate-600">· {p.roleName}</span>
        </li>
      ))}
    </ul>
  );
}

/** The organization's members; the role and remove controls appear only where the viewer may use them. */
export function MembersTable({ orgSlug, members, me, manageable: manageableIds, grantable, roleInfo, customRoles, canUpdate, canRemove, keyChoices }: Props) {
  const [role, setRole] = useState("");
  // Nobody acts on a member who ranks above them (an admin cannot touch an owner), nor on a
  // custom role holding permissions they lack: decided on the server (lib/rbac mayManage).
  const allowed = new Set(manageableIds);
  const manageable = (m: MemberView) => allowed.has(m.userId);

  const columns: Column<MemberView>[] = [
    {
      key: "member",
      header: "Member",
      sortValue: (m) => (m.name ?? m.email).toLowerCase(),
      cell: (m) => (
        <>
          <span className="font-medium text-slate-900">{m.name ?? m.email}</span>
          {m.userId === me && <span className="ml-1 text-xs text-slate-600">(you)</span>}
          {m.name && <span className="block text-xs text-slate-600">{m.email}</span>}
        </>
      ),
    },
    {
      key: "role",
      header: "Role",
      sortValue: (m) => 10 - (roleInfo[m.role]?.order ?? 1),
      cell: (m) =>
        canUpdate && manageable(m) ? (
          <RoleControl orgSlug={orgSlug} userId={m.userId} email={m.email} role={m.role} roleName={m.roleName} options={grantable} roleInfo={roleInfo} />
        ) : (
          <Badge tone={isOwnerRole(m.role) ? "info" : "neutral"}>{m.roleName}</Badge>
        ),
    },
    { key: "projects", header: "Project roles", cell: (m) => <ProjectRoles m={m} info={roleInfo[m.role]} /> },
    {
      key: "lastSignIn",
      header: "Last sign-in",
      sortValue: (m) => m.lastSignInAt ?? "",
      cell: (m) => <DateTime value={m.lastSignInAt} withTime fallback="Never" />,
    },
    {
      key: "joined",
      header: "Joined",
      sortValue: (m) => m.joinedAt,
      cell: (m) => (
        <>
          <DateTime value={m.joinedAt} />
          <span className="block text-xs text-slate-600">{JOINED[m.joinedVia] ?? m.joinedVia}</span>
        </>
      ),
    },
    ...(canRemove
      ? [
          {
            key: "actions",
            header: "Actions",
            className: "text-right",
            cell: (m: MemberView) =>
              m.userId !== me && manageable(m) ? <RemoveMember orgSlug={orgSlug} userId={m.userId} email={m.email} choices={keyChoices[m.userId] ?? []} /> : null,
          },
        ]
      : []),
  ];

  return (
    <DataTable
      rows={role ? members.filter((m) => m.role === role) : members}
      columns={columns}
      rowKey={(m) => m.userId}
      caption="Members"
      noun="member"
      initialSort={{ key: "role", direction: "ascending" }}
      filter={{ label: "Search members", text: (m) => `${m.name ?? ""} ${m.email} ${m.roleName} ${m.projectRoles.map((p) => `${p.projectName} ${p.roleName}`).join(" ")}` }}
      toolbar={
        <Select
          label="Filter by role"
          value={role}
          onChange={(e) => setRole(e.target.value)}
          options={[
            { value: "", label: "All roles" },
            ...ORG_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], group: customRoles.length > 0 ? "Built-in roles" : undefined })),
            ...customRoles,
          ]}
          className="w-44"
        />
      }
    />
  );
}
