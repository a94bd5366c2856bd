"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { StatusMessage } from "@/components/ui/status-message";
import { deleteConnectionAction, startTestAction } from "../actions";

/** Starts a test sign-in in this tab: the IdP sends the browser back to this page with the result. */
export function TestSignInButton({ orgSlug, connectionId, disabled }: { orgSlug: string; connectionId: string; disabled?: boolean }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  function start() {
    setError(null);
    startTransition(async () => {
      const result = await startTestAction(orgSlug, { connectionId }).catch(() => null);
      if (!result) return setError("The server could not be reached. Check your connection and try again.");
      if (!result.ok) return setError(result.error.message);
      window.location.assign(result.data.url);
    });
  }
  return (
    <div className="space-y-2">
      <Button onClick={start} disabled={disabled || pending}>
        {pending ? "Opening the identity provider…" : "Test sign-in"}
      </Button>
      <StatusMessage error={error} />
    </div>
  );
}

export function DeleteConnectionButton({ orgSlug, connectionId, name }: { orgSlug: string; connectionId: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger="Delete connection"
      title={`Delete ${name}?`}
      confirmLabel="Delete connection"
      onConfirm={async () => {
        const result = await deleteConnectionAction(orgSlug, { connectionId });
        if (result.ok) router.push(`/${orgSlug}/security/sso`);
        return result;
      }}
    >
      People will no longer be able to sign in through it. Their accounts, memberships and current sessions stay; members of an
      SSO-enforced domain need another connection (or an owner&apos;s recovery code) to get back in.
    </ConfirmDialog>
  );
}
