"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusMessage } from "@/components/ui/status-message";
import type { InvitationView } from "@/lib/members/invitation-queries";
import { resendInviteAction, revokeInviteAction } from "../actions";

/** Invitations not yet accepted; resend and revoke for those who may invite. */
type Props = { orgSlug: string; invitations: InvitationView[]; canManage: boolean; /** role refs the viewer may give (resending gives the role again) */ grantable: string[] };

export function InvitationsTable({ orgSlug, invitations, canManage, grantable }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ error?: string; message?: string }>({});
  if (invitations.length === 0) return <EmptyState title="No pending invitations" />;

  function resend(i: InvitationView) {
    startTransition(async () => {
      const result = await resendInviteAction(orgSlug, { inviteId: i.id }).catch(() => null);
      if (!result) return setOutcome({ error: "The server could not be reached. Try again." });
      setOutcome(result.ok ? { message: `A new link was sent to ${i.email}.` } : { error: result.error.message });
      if (result.ok) router.refresh();
    });
  }

  const columns: Column<InvitationView>[] = [
    { key: "email", header: "Email", sortValue: (i) => i.email, cell: (i) => <span className="font-medium">{i.email}</span> },
    {
      key: "role",
      header: "Role",
      sortValue: (i) => i.roleName.toLowerCase(),
      cell: (i) => (
        <>
          {i.roleName}
          {i.projects.map((p) => (
            <span key={p.projectId} className="block text-xs text-slate-600">
              {p.projectName ?? "A deleted project"} · {p.roleName}
            </span>
          ))}
        </>
      ),
    },
    { key: "invitedBy", header: "Invited by", cell: (i) => i.invitedBy?.email ?? <span className="text-slate-600">An admin key</span> },
    {
      key: "expires",
      header: "Expires",
      sortValue: (i) => i.expiresAt,
      cell: (i) => (
        <>
          <DateTime value={i.expiresAt} withTime />{" "}
          {i.status === "expired" ? <Badge tone="warning">Expired</Badge> : <Badge tone="success">Pending</Badge>}
        </>
      ),
    },
    ...(canManage
      ? [
          {
            key: "actions",
            header: "Actions",
            className: "text-right whitespace-nowrap",
            cell: (i: InvitationView) => (
              <div className="flex justify-end gap-2">
                {grantable.includes(i.role) && (
                  <Button variant="secondary" size="sm" disabled={pending} onClick={() => resend(i)}>
                    Resend<span className="sr-only"> invitation to {i.email}</span>
                  </Button>
                )}
                <ConfirmDialog
                  trigger={
                    <>
                      Revoke<span className="sr-only"> invitation to {i.email}</span>
                    </>
                  }
                  triggerVariant="secondary"
                  triggerSize="sm"
                  title={`Revoke the invitation to ${i.email}?`}
                  confirmLabel="Revoke invitation"
                  onConfirm={() => revokeInviteAction(orgSlug, { inviteId: i.id })}
                >
                  <p>The link stops working at once. You can invite them again later.</p>
                </ConfirmDialog>
              </div>
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="space-y-3">
      <StatusMessage error={outcome.error}>{outcome.message}</StatusMessage>
      <DataTable rows={invitations} columns={columns} rowKey={(i) => i.id} caption="Pending invitations" noun="invitation" initialSort={{ key: "expires", direction: "ascending" }} />
    </div>
  );
}
