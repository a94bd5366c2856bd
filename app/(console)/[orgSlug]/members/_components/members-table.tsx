"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { Select } from "@/components/ui/select";
import type { KeyChoice } from "@/lib/members/member-keys";
import type { MemberView } from "@/lib/members/queries";
import { ORG_ROLE_RANK, ORG_ROLES, ROLE_LABELS, type OrgRole } from "@/lib/rbac";
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
  myRole: OrgRole;
  grantable: { value: OrgRole; label: string }[];
  canUpdate: boolean;
  canRemove: boolean;
  keyChoices: Record<string, KeyChoice[]>;
};

function ProjectRoles({ m }: { m: MemberView }) {
  if (m.role === "owner" || m.role === "admin") return <span className="text-slate-600">All projects</span>;
  if (m.role !== "member") return <span className="text-slate-600">Reads all projects</span>;
  if (m.projectRoles.length === 0) return <span className="text-slate-600">None</span>;
  return (
    <ul className="space-y-0.5">
      {m.projectRoles.map((p) => (
        <li key={p.projectId}>
          {p.projectName} <span className="text-xs text-slate-600">· {ROLE_LABELS[p.role]}</span>
        </li>
      ))}
    </ul>
  );
}

/** The organization's members; the role and remove controls appear only where the viewer may use them. */
export function MembersTable({ orgSlug, members, me, myRole, grantable, canUpdate, canRemove, keyChoices }: Props) {
  const [role, setRole] = useState("");
  // Nobody acts on a member who ranks above them (an admin cannot touch an owner).
  const manageable = (m: MemberView) => ORG_ROLE_RANK[m.role] <= ORG_ROLE_RANK[myRole];

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
      sortValue: (m) => 10 - ORG_ROLE_RANK[m.role],
      cell: (m) =>
        canUpdate && manageable(m) ? (
          <RoleControl orgSlug={orgSlug} userId={m.userId} email={m.email} role={m.role} options={grantable} />
        ) : (
          <Badge tone={m.role === "owner" ? "info" : "neutral"}>{ROLE_LABELS[m.role]}</Badge>
        ),
    },
    { key: "projects", header: "Project roles", cell: (m) => <ProjectRoles m={m} /> },
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
      filter={{ label: "Search members", text: (m) => `${m.name ?? ""} ${m.email} ${m.projectRoles.map((p) => p.projectName).join(" ")}` }}
      toolbar={
        <Select
          label="Filter by role"
          value={role}
          onChange={(e) => setRole(e.target.value)}
          options={[{ value: "", label: "All roles" }, ...ORG_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))]}
          className="w-44"
        />
      }
    />
  );
}
