"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { endOtherOwnSessionsAction } from "../actions";

export function EndOtherSessions({ orgSlug, count }: { orgSlug: string; count: number }) {
  return (
    <ConfirmDialog
      trigger="Sign out other sessions"
      title="Sign out your other sessions?"
      confirmLabel="Sign out other sessions"
      onConfirm={() => endOtherOwnSessionsAction(orgSlug, {})}
    >
      <p>
        {count === 1 ? "Your other session ends" : `Your ${count} other sessions end`}; this device stays signed in.
      </p>
    </ConfirmDialog>
  );
}
