"use client";

import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import type { SessionView } from "@/lib/security/sessions";
import type { ActionResult } from "@/lib/server/action";

export const METHOD_LABELS: Record<string, string> = {
  magic_link: "Email link",
  oidc: "SSO (OIDC)",
  saml: "SSO (SAML)",
  recovery_code: "Recovery code",
};

type EndAction = (orgSlug: string, input: { sessionId: string }) => Promise<ActionResult<unknown>>;

/**
 * Console sessions: who (when `showMember`), how they signed in, the device, IP, when it
 * started and was last active; "this device" marks the viewer's own. Ending one asks first.
 */
export function SessionsTable(props: { orgSlug: string; sessions: SessionView[]; showMember: boolean; endAction: EndAction | null }) {
  const { orgSlug, sessions, showMember, endAction } = props;
  const columns: Column<SessionView>[] = [
    ...(showMember
      ? [
          {
            key: "member",
            header: "Member",
            sortValue: (s: SessionView) => s.email,
            cell: (s: SessionView) => (
              <span>
                <span className="block text-slate-900">{s.name ?? s.email}</span>
                {s.name && <span className="block text-xs text-slate-600">{s.email}</span>}
              </span>
            ),
          },
        ]
      : []),
    {
      key: "device",
      header: "Device",
      sortValue: (s) => s.device,
      cell: (s) => (
        <span className="inline-flex flex-wrap items-center gap-1.5" title={s.userAgent ?? undefined}>
          {s.device}
          {s.current && <Badge tone="info">This device</Badge>}
        </span>
      ),
    },
    { key: "method", header: "Signed in with", sortValue: (s) => s.method, cell: (s) => METHOD_LABELS[s.method] ?? s.method },
    { key: "ip", header: "IP address", sortValue: (s) => s.ip ?? "", cell: (s) => <span className="font-mono text-xs">{s.ip ?? "—"}</span> },
    { key: "started", header: "Started", sortValue: (s) => s.createdAt, cell: (s) => <DateTime value={s.createdAt} withTime /> },
    { key: "active", header: "Last active", sortValue: (s) => s.lastActiveAt, cell: (s) => <DateTime value={s.lastActiveAt} withTime /> },
    {
      key: "actions",
      header: "Actions",
      className: "text-right",
      cell: (s) =>
        endAction && !s.current ? (
          <ConfirmDialog
            trigger={<>End<span className="sr-only"> session on {s.device}{showMember ? ` of ${s.email}` : ""}</span></>}
            triggerVariant="secondary"
            triggerSize="sm"
            title="End this session?"
            confirmLabel="End session"
            onConfirm={() => endAction(orgSlug, { sessionId: s.id })}
          >
            <p>
              {showMember ? s.email : "You"} will be signed out on {s.device}
              {s.ip ? ` (${s.ip})` : ""}, in every organization.
            </p>
          </ConfirmDialog>
        ) : s.current ? (
          <span className="text-xs text-slate-600">Use Sign out</span>
        ) : null,
    },
  ];
  return (
    <DataTable
      rows={sessions}
      columns={columns}
      rowKey={(s) => s.id}
      caption={showMember ? "Active sessions of the organization's members" : "Your active sessions"}
      filter={showMember ? { label: "Filter sessions", text: (s) => `${s.email} ${s.name ?? ""} ${s.device} ${s.ip ?? ""} ${s.method}` } : undefined}
      initialSort={{ key: "active", direction: "descending" }}
      noun="session"
    />
  );
}
