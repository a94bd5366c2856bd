"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { revokeKeyAction } from "../actions";

export function RevokeKey({ orgSlug, keyId, keyName }: { orgSlug: string; keyId: string; keyName: string }) {
  return (
    <ConfirmDialog trigger="Revoke key" title={`Revoke “${keyName}”?`} confirmLabel="Revoke key" onConfirm={() => revokeKeyAction(orgSlug, { keyId })}>
      <p>
        Every call made with this key, its current and any rotated secret, is <strong>refused at once</strong>.
      </p>
      <p>Revoking is permanent: to restore access, create a new key.</p>
    </ConfirmDialog>
  );
}
