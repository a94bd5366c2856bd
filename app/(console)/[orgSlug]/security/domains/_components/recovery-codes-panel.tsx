"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { generateRecoveryCodesAction } from "../actions";
import { RecoveryCodesDisplay } from "./recovery-codes-display";

/** The signed-in owner's own break-glass codes: how many are left, generate, regenerate. */
export function RecoveryCodesPanel({ orgSlug, remaining, userEmail }: { orgSlug: string; remaining: number; userEmail: string }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const { pending, formError, run } = useActionForm([]);

  async function regenerate() {
    const result = await generateRecoveryCodesAction(orgSlug, {});
    if (result.ok) setCodes(result.data);
    return result;
  }

  return (
    <div className="space-y-3">
      {codes && <RecoveryCodesDisplay codes={codes} orgSlug={orgSlug} email={userEmail} onDone={() => setCodes(null)} />}
      <p>
        {remaining === 0 ? (
          <span className="font-medium text-amber-900">You have no unused recovery codes.</span>
        ) : (
          <>
            You have <strong>{remaining}</strong> unused recovery {remaining === 1 ? "code" : "codes"}.
          </>
        )}
      </p>
      {remaining === 0 ? (
        <Button disabled={pending} onClick={() => run(() => generateRecoveryCodesAction(orgSlug, {}), (data) => void setCodes(data))}>
          Generate recovery codes
        </Button>
      ) : (
        <ConfirmDialog trigger="Regenerate codes" triggerVariant="secondary" title="Generate new recovery codes?" confirmLabel="Generate new codes" onConfirm={regenerate}>
          <p>Ten new codes are shown once, and your {remaining} current unused codes stop working at once.</p>
        </ConfirmDialog>
      )}
      <StatusMessage error={formError} />
    </div>
  );
}
