"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { endAllSessionsAction } from "../../actions";

export function EndAllSessions({ orgSlug }: { orgSlug: string }) {
  return (
    <ConfirmDialog
      trigger="End all sessions"
      title="End every member's sessions?"
      confirmLabel="End all sessions"
      onConfirm={() => endAllSessionsAction(orgSlug, {})}
    >
      <p>
        Every member of this organization is signed out on every device, and of every organization they belong to. Your session on
        this device stays signed in; your other sessions end too.
      </p>
      <p>Owners and security owners are emailed, and the change is audited.</p>
    </ConfirmDialog>
  );
}
